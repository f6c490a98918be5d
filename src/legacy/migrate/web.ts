// The http server: the old `httpServer` block and today's `servers.web` alike. A TLS passphrase
// goes to .env; the other servers of old actionHero (socket, websocket) are dropped.
import { isRecord } from '../../shared/json.js';
import { DROPPED_WEB_KEYS, entryOf } from '../legacy-keys.js';
import { keyPath, propertyNames, type MigrationContext } from './context.js';

/** The `servers` block: only `web` is carried over. */
export function servers(ctx: MigrationContext, block: unknown): void {
  if (!ctx.isBlock('servers', block)) return;
  for (const [key, value] of Object.entries(block)) {
    if (key === 'web') web(ctx, value, 'servers.web');
    else ctx.drop(keyPath('servers', key), 'actionhero-ws serves only http(s) and socket.io');
  }
}

/** `where` is the block's place in the old config: `httpServer` or `servers.web`. */
export function web(ctx: MigrationContext, block: unknown, where: string): void {
  if (!ctx.isBlock(where, block)) return;
  const known = propertyNames('servers.web');
  for (const [key, value] of Object.entries(block)) {
    const from = keyPath(where, key);
    const to = `servers.web.${key}`;
    if (key === 'passphrase' || (key === 'serverOptions' && isRecord(value) && value.passphrase)) {
      const secret = key === 'passphrase' ? value : (value as { passphrase: unknown }).passphrase;
      ctx.secret(from, 'TLS_PASSPHRASE', String(secret));
    } else if (key === 'port' && typeof value === 'string' && /^\d+$/.test(value)) {
      ctx.move(from, to, Number(value), { note: 'as a number' });
    } else if (known.includes(key)) {
      ctx.move(from, to, value);
    } else {
      ctx.drop(from, entryOf(DROPPED_WEB_KEYS, key) ?? 'not an actionhero-ws setting');
    }
  }
}
