// The `redis` block: host, port, db and password of old become one redis.url, the password only
// in REDIS_URL in .env; a password inside today's redis.url moves to .env the same way.
import { keyPath, propertyNames, type MigrationContext } from './context.js';

export function redis(ctx: MigrationContext, block: unknown): void {
  if (!ctx.isBlock('redis', block)) return;
  const known = propertyNames('redis');
  const server: { host?: string; port?: number; db?: number; password?: string } = {};
  const parts: string[] = [];
  for (const [key, value] of Object.entries(block)) {
    const from = keyPath('redis', key);
    if (key === 'url' && typeof value === 'string') redisUrl(ctx, from, value);
    else if (known.includes(key)) ctx.keep(`redis.${key}`, value);
    else if (key === 'host' && typeof value === 'string' && value !== '') {
      server.host = value;
      parts.push(from);
    } else if (key === 'port' && Number.isInteger(Number(value)) && value !== null) {
      server.port = Number(value);
      parts.push(from);
    } else if (['DB', 'db', 'database'].includes(key) && Number.isInteger(Number(value))) {
      server.db = Number(value);
      parts.push(from);
    } else if (key === 'password') {
      if (typeof value === 'string' && value !== '') server.password = value;
      else ctx.drop(from, 'empty (no password)');
    } else if (key === 'options') {
      ctx.drop(
        from,
        'ioredis options are not set in config.json (REDIS_URL carries TLS: rediss://)',
      );
    } else ctx.drop(from, 'not an actionhero-ws setting');
  }
  if (parts.length === 0 && !server.password) return;
  const url = `redis://${server.host ?? '127.0.0.1'}:${server.port ?? 6379}/${server.db ?? 0}`;
  for (const from of parts) ctx.move(from, 'redis.url', url);
  if (server.password) {
    const withPassword = url.replace(
      'redis://',
      `redis://:${encodeURIComponent(server.password)}@`,
    );
    ctx.secret('redis.password', 'REDIS_URL', withPassword);
  }
}

/** Today's redis.url; a password in it moves to REDIS_URL in .env. */
function redisUrl(ctx: MigrationContext, from: string, value: string): void {
  const match = /^(rediss?:\/\/)([^@/]*:[^@/]*)@(.*)$/.exec(value);
  if (!match) {
    ctx.keep('redis.url', value);
    return;
  }
  const [, scheme, , rest] = match;
  const user = (match[2] ?? '').split(':')[0];
  const url = `${scheme}${user ? `${user}@` : ''}${rest}`;
  ctx.move(from, 'redis.url', url, { note: 'without its password' });
  ctx.secret(`${from} password`, 'REDIS_URL', value);
}
