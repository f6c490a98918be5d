// In-process cache with real expiry (entries are dropped when their time is up).

import { ActionError } from '../protocol/errors.js';
import type { Cache, CacheEntry } from './cache.js';

interface Stored {
  value: unknown;
  expireTimestamp: number | null;
  createdAt: number;
  timer: NodeJS.Timeout | undefined;
}

export class MemoryCache implements Cache {
  readonly #entries = new Map<string, Stored>();

  async save(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    this.#drop(key);
    const now = Date.now();
    const stored: Stored = { value, createdAt: now, expireTimestamp: null, timer: undefined };
    if (ttlMs !== undefined && ttlMs > 0) {
      stored.expireTimestamp = now + ttlMs;
      stored.timer = setTimeout(() => this.#entries.delete(key), ttlMs).unref();
    }
    this.#entries.set(key, stored);
    return true;
  }

  async load(key: string): Promise<CacheEntry> {
    const stored = this.#entries.get(key);
    if (stored === undefined) throw new ActionError('Object not found', 404);
    const now = Date.now();
    if (stored.expireTimestamp !== null && stored.expireTimestamp <= now) {
      this.#drop(key);
      throw new ActionError('Object expired', 404);
    }
    const { value, expireTimestamp, createdAt } = stored;
    return { key, value, expireTimestamp, createdAt, readAt: now };
  }

  async destroy(key: string): Promise<boolean> {
    return this.#drop(key);
  }

  async size(): Promise<number> {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    for (const key of [...this.#entries.keys()]) this.#drop(key);
  }

  #drop(key: string): boolean {
    const stored = this.#entries.get(key);
    if (stored === undefined) return false;
    clearTimeout(stored.timer);
    return this.#entries.delete(key);
  }
}
