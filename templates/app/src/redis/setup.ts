// Switches an app to Redis: the socket.io Redis adapter and the Redis cache (imported only when redis.enable).

import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from '../config/config-types.js';
import { RedisCache } from './cache.js';
import { connectRedis, type RedisClients } from './connect.js';

export function setupRedis(
  io: Server | null,
  config: Config,
  url: string,
  log: Logger,
  onFatal: (message: string) => void,
): { cache: RedisCache; clients: RedisClients } {
  const clients = connectRedis(url, log, onFatal);
  if (io !== null) {
    io.adapter(
      createAdapter(clients.command, clients.subscriber, {
        key: `${config.redis.keyPrefix}socket.io`,
      }),
    );
  }
  return { cache: new RedisCache(clients, `${config.redis.keyPrefix}cache:`), clients };
}
