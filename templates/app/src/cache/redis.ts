// Cache in Redis: shared by every node, keys under redis.keyPrefix, expiry by Redis (PX).

import type { Redis } from 'ioredis';
import { ActionError } from '../protocol/errors.js';
import type { RedisClients } from '../redis/connect.js';
import type { Cache, CacheEntry } from './cache.js';

interface Stored {
  value: unknown;
  expireTimestamp: number | null;
  createdAt: number;
}

/** Redis down: answer at once with an error rather than queueing. */
function unavailable(err: unknown): never {
  if (err instanceof ActionError) throw err;
  throw new ActionError('the cache is unavailable (Redis is not connected)', 503);
}

export class RedisCache implements Cache {
  readonly #redis: Redis;

  constructor(
    private readonly clients: RedisClients,
    private readonly prefix: string,
  ) {
    this.#redis = clients.command;
  }

  async save(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const now = Date.now();
    const ttl = ttlMs !== undefined && ttlMs > 0 ? Math.ceil(ttlMs) : undefined;
    const stored: Stored = { value, createdAt: now, expireTimestamp: ttl === undefined ? null : now + ttl };
    const json = JSON.stringify(stored);
    try {
      if (ttl === undefined) await this.#redis.set(this.prefix + key, json);
      else await this.#redis.set(this.prefix + key, json, 'PX', ttl);
      return true;
    } catch (err) {
      return unavailable(err);
    }
  }

  async load(key: string): Promise<CacheEntry> {
    let json: string | null;
    try {
      json = await this.#redis.get(this.prefix + key);
    } catch (err) {
      return unavailable(err);
    }
    if (json === null) throw new ActionError('Object not found', 404);
    const stored = JSON.parse(json) as Stored;
    const now = Date.now();
    if (stored.expireTimestamp !== null && stored.expireTimestamp <= now) throw new ActionError('Object expired', 404);
    return { key, value: stored.value, expireTimestamp: stored.expireTimestamp, createdAt: stored.createdAt, readAt: now };
  }

  async destroy(key: string): Promise<boolean> {
    try {
      return (await this.#redis.del(this.prefix + key)) > 0;
    } catch (err) {
      return unavailable(err);
    }
  }

  async size(): Promise<number> {
    try {
      let cursor = '0';
      let count = 0;
      do {
        const [next, keys] = await this.#redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
        cursor = next;
        count += keys.length;
      } while (cursor !== '0');
      return count;
    } catch (err) {
      return unavailable(err);
    }
  }

  async close(): Promise<void> {
    await this.clients.close();
  }
}
