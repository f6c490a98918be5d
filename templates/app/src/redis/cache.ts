// Cache in Redis: shared by every node, keys under redis.keyPrefix, expiry by Redis (PX). On a
// Redis Cluster every key carries one hash tag, so the whole cache lives in one slot.

import { Cluster, type Redis } from 'ioredis';
import { ActionError } from '../protocol/errors.js';
import type { RedisClient, RedisClients } from './connect.js';
import type { Cache, CacheEntry } from '../cache/cache.js';
import { unavailableReason } from './errors.js';

interface Stored {
  value: unknown;
  expireTimestamp: number | null;
  createdAt: number;
}

/** Redis down or refusing: answer at once with an error that says which, rather than queueing. */
function unavailable(err: unknown, cluster: boolean): never {
  if (err instanceof ActionError) throw err;
  throw new ActionError(`the cache is unavailable (${unavailableReason(err, cluster)})`, 503);
}

/** How long a request waits for a connection attempt under way (start-up, reconnect) to finish. */
const SETTLE_MS = 1000;

/**
 * Right after start-up or during a reconnect, a connection attempt may be under way: wait for its
 * outcome (briefly) rather than fail a request that would succeed a moment later. With Redis down
 * the attempt fails at once, so cache actions still answer an error fast.
 */
function settled(redis: RedisClient): Promise<void> {
  if (redis.status !== 'connecting' && redis.status !== 'connect') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      for (const event of ['ready', 'error', 'close']) redis.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, SETTLE_MS);
    for (const event of ['ready', 'error', 'close']) redis.once(event, done);
  });
}

/**
 * `prefix{cache}:` on a cluster: Redis hashes only the part in braces, so every key of the cache
 * is in one slot, on one master (SCAN for size() then sees them all there, and a failover moves
 * the whole cache at once). One Redis keeps the plain prefix of earlier versions.
 */
export function cacheKeyPrefix(keyPrefix: string, cluster: boolean): string {
  return cluster ? `${keyPrefix}{cache}:` : `${keyPrefix}cache:`;
}

export class RedisCache implements Cache {
  readonly #redis: RedisClient;

  constructor(
    private readonly clients: RedisClients,
    private readonly prefix: string,
  ) {
    this.#redis = clients.command;
  }

  async save(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const now = Date.now();
    const ttl = ttlMs !== undefined && ttlMs > 0 ? Math.ceil(ttlMs) : undefined;
    const stored: Stored = {
      value,
      createdAt: now,
      expireTimestamp: ttl === undefined ? null : now + ttl,
    };
    const json = JSON.stringify(stored);
    try {
      await settled(this.#redis);
      if (ttl === undefined) await this.#redis.set(this.prefix + key, json);
      else await this.#redis.set(this.prefix + key, json, 'PX', ttl);
      return true;
    } catch (err) {
      return unavailable(err, this.clients.cluster);
    }
  }

  async load(key: string): Promise<CacheEntry> {
    let json: string | null;
    try {
      await settled(this.#redis);
      json = await this.#redis.get(this.prefix + key);
    } catch (err) {
      return unavailable(err, this.clients.cluster);
    }
    if (json === null) throw new ActionError('Object not found', 404);
    const stored = JSON.parse(json) as Stored;
    const now = Date.now();
    if (stored.expireTimestamp !== null && stored.expireTimestamp <= now) {
      throw new ActionError('Object expired', 404);
    }
    return {
      key,
      value: stored.value,
      expireTimestamp: stored.expireTimestamp,
      createdAt: stored.createdAt,
      readAt: now,
    };
  }

  async destroy(key: string): Promise<boolean> {
    try {
      await settled(this.#redis);
      return (await this.#redis.del(this.prefix + key)) > 0;
    } catch (err) {
      return unavailable(err, this.clients.cluster);
    }
  }

  async size(): Promise<number> {
    try {
      await settled(this.#redis);
      const redis = this.#redis;
      // SCAN reads one server: on a cluster, every master (the keys are all on one of them).
      const servers: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
      let count = 0;
      for (const server of servers) count += await this.#count(server);
      return count;
    } catch (err) {
      return unavailable(err, this.clients.cluster);
    }
  }

  async #count(server: Redis): Promise<number> {
    let cursor = '0';
    let count = 0;
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
    return count;
  }

  async close(): Promise<void> {
    await this.clients.close();
  }
}
