// Limits per client address kept in Redis (with redis.enable), so every node counts against one
// total. Loaded only then: a project without Redis never loads rate-limiter-flexible.

import type { RedisClient } from '../redis/connect.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { KeyedLimit, Rate, Wait } from './windows.js';

const allowed = (): Wait => 0;

export class SharedWindows implements KeyedLimit {
  readonly #limiter: RateLimiterRedis;
  /** Keys Redis refused lately, and until when: refused here until then without asking again. */
  readonly #refused = new Map<string, number>();
  readonly #ms: number;
  #sweepAt = 0;

  /**
   * `client` is the app's command connection: it fails fast while Redis is down (no offline
   * queue), and `rejectIfRedisNotReady` does not even try then; either way the insurance limiter
   * (this process's memory, the same rate) decides until Redis is back.
   */
  constructor(client: RedisClient, keyPrefix: string, rate: Rate) {
    const options = { keyPrefix, points: rate.points, duration: rate.ms / 1000 };
    this.#limiter = new RateLimiterRedis({
      ...options,
      storeClient: client,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
    this.#ms = rate.ms;
  }

  take(key: string, now: number): Wait | Promise<Wait> {
    if (now >= this.#sweepAt) this.#sweep(now);
    const until = this.#refused.get(key);
    if (until !== undefined) {
      if (until > now) return until - now;
      this.#refused.delete(key);
    }
    return this.#limiter.consume(key).then(allowed, (over: unknown) => this.#over(key, over));
  }

  /** Redis (or the insurance) said no: remember until when. Anything else is a bug: thrown. */
  #over(key: string, over: unknown): Wait {
    if (!(over instanceof RateLimiterRes)) throw over;
    const wait = Math.max(1, over.msBeforeNext);
    this.#refused.set(key, Date.now() + wait);
    return wait;
  }

  #sweep(now: number): void {
    for (const [key, until] of this.#refused) if (until <= now) this.#refused.delete(key);
    this.#sweepAt = now + this.#ms;
  }
}
