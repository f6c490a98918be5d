// The transports list: 0.9 names become socket.io 4's (`xhr-polling` → `polling`), removed ones
// (`flashsocket`, `htmlfile`) are dropped, and an empty result leaves socket.io's default.
import { show } from '../../shared/json.js';
import { DROPPED_TRANSPORTS, entryOf, TRANSPORTS } from '../legacy-keys.js';
import type { MigrationContext } from './context.js';

export function transports(ctx: MigrationContext, value: unknown): void {
  const from = 'webSockets.options.transports';
  if (!ctx.isList(from, value, 'transports')) return;
  const result: string[] = [];
  value.forEach((entry: unknown, index) => {
    const at = `${from}[${index}] ${show(entry)}`;
    const today = typeof entry === 'string' ? entryOf(TRANSPORTS, entry) : undefined;
    const dropped = typeof entry === 'string' ? entryOf(DROPPED_TRANSPORTS, entry) : undefined;
    if (today) {
      if (result.includes(today)) {
        ctx.drop(at, `${show(today)} is already listed`);
        return;
      }
      result.push(today);
      if (today === entry) ctx.lines.push({ kind: 'kept', from: at });
      else ctx.lines.push({ kind: 'moved', from: at, to: `${from} ${show(today)}` });
    } else {
      ctx.drop(at, dropped ?? 'not a socket.io transport');
    }
  });
  if (result.length === 0) {
    ctx.lines.push({
      kind: 'moved',
      from,
      to: `${from} (the default)`,
      note: 'no transport socket.io 4 speaks was left, so the default applies',
      warning: true,
    });
    return;
  }
  ctx.set(from, result);
}
