// Fixed-window counters kept in this process: how many requests fell in the current window, and
// how long until it ends. Synchronous, so a request that passes costs no promise.

/** A limit: `points` requests per `ms`. */
export interface Rate {
  readonly points: number;
  readonly ms: number;
}

/** What a limit answers: 0 when the request fits, otherwise the ms until it would. */
export type Wait = number;

/** Limits kept per key (a client address): in this process, or shared through Redis. */
export interface KeyedLimit {
  /** Counts one request of `key` at `now`; a promise only when Redis is asked. */
  take(key: string, now: number): Wait | Promise<Wait>;
}

/** One key's count in its current window. */
export class Window {
  #used = 0;
  #endsAt = 0;

  /** Counts one request at `now`; one that does not fit is not counted. */
  take(now: number, rate: Rate): Wait {
    if (now >= this.#endsAt) {
      this.#used = 0;
      this.#endsAt = now + rate.ms;
    }
    if (this.#used >= rate.points) return this.#endsAt - now;
    this.#used++;
    return 0;
  }

  /** True once its window is over, when forgetting it changes nothing. */
  endedBy(now: number): boolean {
    return now >= this.#endsAt;
  }
}

/** A window per key, in this process. */
export class Windows implements KeyedLimit {
  readonly #windows = new Map<string, Window>();
  #sweepAt = 0;

  constructor(readonly rate: Rate) {}

  take(key: string, now: number): Wait {
    if (now >= this.#sweepAt) this.#sweep(now);
    let window = this.#windows.get(key);
    if (window === undefined) {
      window = new Window();
      this.#windows.set(key, window);
    }
    return window.take(now, this.rate);
  }

  /** Once a window: forgets keys whose window is over, so every address ever seen is not kept. */
  #sweep(now: number): void {
    for (const [key, window] of this.#windows) {
      if (window.endedBy(now)) this.#windows.delete(key);
    }
    this.#sweepAt = now + this.rate.ms;
  }
}
