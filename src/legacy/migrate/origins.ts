// 0.9 `origins` ("*:*", or space-separated "host:port" entries) → today's cors.origin.
import { show } from '../../shared/json.js';
import type { MigrationContext } from './context.js';

export function origins(ctx: MigrationContext, from: string, value: unknown): void {
  const entries = (Array.isArray(value) ? value : String(value).split(/[\s,]+/))
    .map((entry) => String(entry).trim())
    .filter((entry) => entry !== '');
  const list = entries.flatMap(toOrigins);
  if (entries.length === 0 || typeof value === 'number' || typeof value === 'boolean') {
    ctx.drop(from, `must be "*:*" or a list of host:port (got ${show(value)})`);
    return;
  }
  const note = 'socket.io 4 also checks it on the websocket upgrade';
  const cors = 'webSockets.options.cors.origin';
  if (list.includes('*')) ctx.move(from, cors, '*', { note });
  else ctx.move(from, cors, list.length === 1 ? list[0] : list, { note });
}

/** "example.com:443" → https://example.com; "example.com:*" → both schemes; "*:*" → "*". */
function toOrigins(entry: string): string[] {
  if (entry === '*' || entry === '*:*' || entry.startsWith('*:')) return ['*'];
  if (/^https?:\/\//.test(entry)) {
    try {
      return [new URL(entry).origin];
    } catch {
      return [entry];
    }
  }
  const at = entry.lastIndexOf(':');
  const host = at > 0 ? entry.slice(0, at) : entry;
  const port = at > 0 ? entry.slice(at + 1) : '*';
  if (port === '*') return [`http://${host}`, `https://${host}`];
  if (port === '80') return [`http://${host}`];
  if (port === '443') return [`https://${host}`];
  return [`http://${host}:${port}`];
}
