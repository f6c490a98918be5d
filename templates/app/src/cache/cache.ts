// The cache API shared by the memory and Redis implementations.

export interface CacheEntry {
  key: string;
  value: unknown;
  /** Epoch ms when the entry expires, or null for never. */
  expireTimestamp: number | null;
  createdAt: number;
  readAt: number;
}

export interface Cache {
  /** Stores `value` (JSON-serialisable) under `key`, for `ttlMs` ms if given. */
  save(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Rejects with an ActionError `Object not found` or `Object expired`. */
  load(key: string): Promise<CacheEntry>;
  /** True when something was deleted. */
  destroy(key: string): Promise<boolean>;
  /** How many entries are stored. */
  size(): Promise<number>;
  close(): Promise<void>;
}
