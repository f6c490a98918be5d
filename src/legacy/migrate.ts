// Turns an actionHero config of the socket.io 0.9 era (or today's config with such keys mixed in)
// into today's config: one report line per key, saying what it became or why it was dropped.
// Seconds become milliseconds; secrets go to the returned env, never the config. Each block has
// its converter in migrate/; this file only dispatches. Pure: no files, no Yeoman. The result is
// not validated here; the caller validates it.
import { isRecord, show } from '../shared/json.js';
import { entryOf } from './legacy-keys.js';
import { MigrationContext, type Migration, type MigrationLine } from './migrate/context.js';
import { currentBlock, isCurrentOnlyBlock } from './migrate/current-blocks.js';
import { general } from './migrate/general.js';
import { convertHeartbeats } from './migrate/heartbeats.js';
import { redis } from './migrate/redis.js';
import { webSockets } from './migrate/web-sockets.js';
import { servers, web } from './migrate/web.js';

export type { Migration, MigrationLine } from './migrate/context.js';

export class MigrationError extends Error {}

/** The blocks carried over, in the order an error names them, each with its converter. */
const CONVERTERS: ReadonlyMap<string, (ctx: MigrationContext, block: unknown) => void> = new Map([
  ['general', general],
  ['servers', servers],
  ['httpServer', (ctx: MigrationContext, block: unknown) => web(ctx, block, 'httpServer')],
  ['webSockets', webSockets],
  ['redis', redis],
]);

const DROPPED_BLOCKS: Readonly<Record<string, string>> = {
  log: 'logging is set with webSockets.logLevel',
  logger: 'logging is set with webSockets.logLevel',
  tasks: 'actionhero-ws has no task queue',
  faye: 'socket.io with the Redis adapter carries messages between processes',
  socketServer: 'actionhero-ws serves only http(s) and socket.io',
  stats: 'actionhero-ws keeps no stats',
  commonWeb: 'not an actionhero-ws block',
};

/** One line of the report, as printed. */
export function formatMigrationLine(line: MigrationLine): string {
  if (line.kind === 'dropped') return `${line.from}: dropped: ${line.note ?? 'not used'}`;
  if (line.kind === 'kept') return `${line.from}: kept`;
  const note = line.note ? ` (${line.warning ? 'warning: ' : ''}${line.note})` : '';
  return `${line.from} → ${line.to}${note}`;
}

/** True when a config holds keys of the 0.9 era that --from would rewrite. */
export function hasLegacyKeys(input: unknown): boolean {
  if (!isRecord(input)) return false;
  try {
    return migrateLegacyConfig(input).lines.some((line) => line.kind !== 'kept');
  } catch {
    return false;
  }
}

export function migrateLegacyConfig(input: unknown): Migration {
  if (!isRecord(input)) {
    throw new MigrationError(
      `must be a JSON object holding an actionHero config (got ${kind(input)})`,
    );
  }
  const blocks = [...CONVERTERS.keys()];
  if (!blocks.some((block) => Object.hasOwn(input, block))) {
    throw new MigrationError(
      `holds none of the blocks ${blocks.join(', ')}: it does not look like an actionHero config`,
    );
  }
  const ctx = new MigrationContext();
  for (const [key, value] of Object.entries(input)) {
    const convert = CONVERTERS.get(key);
    if (convert) convert(ctx, value);
    else if (key === '$schema') ctx.keep('$schema', value);
    // Today's own blocks: not ones that make a file look like an actionHero config.
    else if (isCurrentOnlyBlock(key)) currentBlock(ctx, key, value);
    else ctx.drop(key, entryOf(DROPPED_BLOCKS, key) ?? 'not an actionhero-ws block');
  }
  convertHeartbeats(ctx);
  return { config: ctx.config, env: ctx.env, lines: ctx.lines };
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `a string ${show(value)}` : `${typeof value} ${show(value)}`;
}
