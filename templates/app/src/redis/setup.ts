// Switches an app to Redis: the socket.io adapter redis.adapter names, over one Redis or a Redis
// Cluster, and the Redis cache (imported only when redis.enable).

import type { Server } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from '../config/config-types.js';
import { createAdapterFor } from './adapters.js';
import { cacheKeyPrefix, RedisCache } from './cache.js';
import { connectRedis, type RedisClients, type RedisTarget } from './connect.js';
import { requireRedis7 } from './version.js';

export function setupRedis(
  io: Server | null,
  config: Config,
  target: RedisTarget,
  log: Logger,
  onFatal: (message: string) => void,
): { cache: RedisCache; clients: RedisClients } {
  const adapter = config.redis.adapter;
  const clients = connectRedis(target, log, onFatal, { sharded: adapter === 'sharded' });
  if (adapter === 'sharded') requireRedis7(clients.command, log);
  if (io !== null) io.adapter(createAdapterFor(adapter, clients, config.redis.keyPrefix, log));
  const cache = new RedisCache(clients, cacheKeyPrefix(config.redis.keyPrefix, clients.cluster));
  return { cache, clients };
}
