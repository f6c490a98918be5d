// One socket.io 0.9 key, set as a flag (`io.enable`, from `settings`) or as an option (`io.set`),
// turned into today's option or flag, or dropped with the reason legacy-keys.ts gives.
import { show } from '../../shared/json.js';
import { DROPPED_SOCKET_KEYS, entryOf, LOG_LEVELS } from '../legacy-keys.js';
import type { MigrationContext } from './context.js';
import { heartbeat } from './heartbeats.js';
import { origins } from './origins.js';
import { transports } from './transports.js';

const OPTIONS = 'webSockets.options';

/** `as` says where the key stood: in `settings` (a flag, value true) or as an option. */
export function socketKey(
  ctx: MigrationContext,
  from: string,
  key: string,
  value: unknown,
  as: 'flag' | 'option',
): void {
  switch (key) {
    case 'browser client':
    case 'destroy upgrade': {
      const flag = key === 'browser client' ? 'serveClient' : 'destroyUpgrade';
      if (as === 'flag') addFlag(ctx, from, flag);
      else if (typeof value === 'boolean') ctx.move(from, `${OPTIONS}.${flag}`, value);
      else ctx.drop(from, `must be true or false (got ${show(value)})`);
      return;
    }
    case 'transports':
      transports(ctx, value);
      return;
    case 'resource':
      if (typeof value === 'string' && value !== '') {
        ctx.move(from, `${OPTIONS}.path`, value.startsWith('/') ? value : `/${value}`);
      } else ctx.drop(from, `must be a path such as "/socket.io" (got ${show(value)})`);
      return;
    case 'heartbeat interval':
    case 'heartbeat timeout':
      heartbeat(ctx, from, key, value);
      return;
    case 'log level':
      logLevel(ctx, from, value);
      return;
    case 'origins':
      origins(ctx, from, value);
      return;
    case 'destroy buffer size':
      if (Number.isInteger(value) && (value as number) > 0) {
        ctx.move(from, `${OPTIONS}.maxHttpBufferSize`, value, {
          note: "socket.io 4's default is 1e6 bytes, 100× smaller than 0.9's 1e8; keep it as small as your messages allow",
          warning: true,
        });
      } else ctx.drop(from, `must be a number of bytes (got ${show(value)})`);
      return;
  }
  const reason = entryOf(DROPPED_SOCKET_KEYS, key);
  ctx.drop(from, reason ?? 'not a socket.io 4 option nor a socket.io 0.9 key');
}

/** Today's `logLevel` name, or a socket.io 0.9 `log level` number (0 error … 3 debug). */
export function logLevel(ctx: MigrationContext, from: string, value: unknown): void {
  const to = 'webSockets.logLevel';
  if (typeof value === 'string' && LOG_LEVELS.includes(value)) ctx.move(from, to, value);
  else if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 3) {
    ctx.move(from, to, LOG_LEVELS[value], { note: `socket.io 0.9 level ${value}` });
  } else ctx.drop(from, `must be 0-3 or one of ${LOG_LEVELS.join(', ')} (got ${show(value)})`);
}

function addFlag(ctx: MigrationContext, from: string, flag: string): void {
  const settings = ctx.list('webSockets.settings');
  if (!settings.includes(flag)) settings.push(flag);
  ctx.lines.push({ kind: 'moved', from, to: `webSockets.settings ${show(flag)}` });
}
