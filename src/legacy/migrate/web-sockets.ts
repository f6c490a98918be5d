// The `webSockets` block: today's keys are kept; socket.io 0.9 keys, whether set with
// `io.enable(NAME)` (the `settings` list) or `io.set(NAME, VALUE)` (`options`, or the block
// itself), go through socket-keys.ts.
import { show } from '../../shared/json.js';
import { schemaEnum } from '../../config-schema.js';
import { keyPath, propertyNames, type MigrationContext } from './context.js';
import { logLevel, socketKey } from './socket-keys.js';
import { transports } from './transports.js';

export function webSockets(ctx: MigrationContext, block: unknown): void {
  if (!ctx.isBlock('webSockets', block)) return;
  for (const [key, value] of Object.entries(block)) {
    const from = keyPath('webSockets', key);
    if (key === 'settings') settings(ctx, value);
    else if (key === 'options') options(ctx, value);
    else if (key === 'logLevel') logLevel(ctx, from, value);
    // Today's other keys (enable, recoveryWindowMs): no 0.9 key has their names.
    else if (propertyNames('webSockets').includes(key)) ctx.keep(from, value);
    else socketKey(ctx, from, key, value, 'option');
  }
}

/** socket.io 0.9 `io.enable(NAME)` flags, or today's flag names. */
function settings(ctx: MigrationContext, list: unknown): void {
  const from = 'webSockets.settings';
  if (!ctx.isList(from, list, 'flags')) return;
  const flags: string[] = [];
  ctx.set('webSockets.settings', flags);
  const known = schemaEnum('webSockets.settings');
  list.forEach((entry: unknown, index) => {
    const at = `${from}[${index}]`;
    if (typeof entry === 'string' && known.includes(entry)) {
      if (!flags.includes(entry)) flags.push(entry);
      ctx.lines.push({ kind: 'kept', from: `${at} ${show(entry)}` });
    } else if (typeof entry === 'string') {
      socketKey(ctx, `${at} ${show(entry)}`, entry, true, 'flag');
    } else {
      ctx.drop(at, `not a flag name (got ${show(entry)})`);
    }
  });
}

/** socket.io 0.9 `io.set(NAME, VALUE)` options, or today's options. */
function options(ctx: MigrationContext, map: unknown): void {
  if (!ctx.isBlock('webSockets.options', map)) return;
  ctx.object('webSockets.options');
  const known = propertyNames('webSockets.options');
  for (const [key, value] of Object.entries(map)) {
    if (key === 'transports') transports(ctx, value);
    else if (known.includes(key)) ctx.keep(`webSockets.options.${key}`, value);
    else socketKey(ctx, keyPath('webSockets.options', key), key, value, 'option');
  }
}
