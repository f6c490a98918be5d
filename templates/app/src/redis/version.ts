// Sharded pub/sub needs Redis 7: an older Redis refuses SSUBSCRIBE, and nothing would cross nodes.

import type { Logger } from 'pino';
import type { RedisClient } from './connect.js';

/** The major version in an `INFO server` reply, or undefined when it says none. */
export function redisMajor(info: string): number | undefined {
  const version = /^redis_version:(\d+)\./m.exec(info)?.[1];
  return version === undefined ? undefined : Number(version);
}

/** Once connected, logs an error (naming the fix) if this Redis is too old for sharded pub/sub. */
export function requireRedis7(client: RedisClient, log: Logger): void {
  client.once('ready', () => {
    client.info('server').then(
      (info) => {
        const major = redisMajor(info);
        if (major !== undefined && major < 7) {
          log.error(
            `redis.adapter "sharded" needs Redis 7 or later (SPUBLISH/SSUBSCRIBE), and this Redis is ${major}.x: messages will not cross nodes. Upgrade Redis, or set redis.adapter to "pubsub".`,
          );
        }
      },
      (err: unknown) => log.debug({ err }, 'could not read the Redis version'),
    );
  });
}
