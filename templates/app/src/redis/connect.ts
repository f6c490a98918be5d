// Redis connections (loaded only when redis.enable): a command client and a subscriber that survive outages.

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisClients {
  /** Cache commands and the adapter's publishes; fails fast (no offline queue) while Redis is down. */
  command: Redis;
  /** The adapter's subscriptions; queues while Redis is down, so a late Redis is still subscribed to. */
  subscriber: Redis;
  close(): Promise<void>;
}

const AUTH_ERROR =
  /WRONGPASS|NOAUTH|invalid password|without any password configured|invalid username-password/i;

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Never give up: reconnect every ≤ 2 s for as long as it takes. */
const retryStrategy = (times: number): number => Math.min(times * 200, 2000);

/**
 * socket.io's adapter drops the promises of some commands; with Redis down they reject, and an
 * unhandled rejection would end the process. Attach a handler to every one of them.
 */
const DROPPED = ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const;

function catchDropped(client: Redis, method: (typeof DROPPED)[number], log: Logger): void {
  const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
  const guarded = (...args: unknown[]): Promise<unknown> =>
    original(...args).catch((err: unknown) => {
      log.debug({ err, command: method }, 'redis command failed');
      return undefined;
    });
  Object.defineProperty(client, method, { value: guarded, configurable: true, writable: true });
}

function watch(
  client: Redis,
  role: string,
  url: string,
  log: Logger,
  onFatal: (message: string) => void,
): void {
  let up = false;
  client.on('ready', () => {
    up = true;
    log.info({ role, url: redactUrl(url) }, 'redis connected');
  });
  client.on('error', (err: Error) => {
    if (AUTH_ERROR.test(err.message)) {
      onFatal(
        `Redis refused the credentials in REDIS_URL (${redactUrl(url)}): ${err.message.replace(/\.+$/, '')}. Fix REDIS_URL in .env.`,
      );
      return;
    }
    if (up) {
      log.warn(
        { role, err: err.message },
        'redis connection lost; retrying (cross-node messages are dropped meanwhile)',
      );
    } else {
      log.debug({ role, err: err.message }, 'redis not reachable yet');
    }
    up = false;
  });
}

export function connectRedis(
  url: string,
  log: Logger,
  onFatal: (message: string) => void,
): RedisClients {
  const common: RedisOptions = { retryStrategy, connectTimeout: 5000, lazyConnect: false };
  const command = new Redis(url, {
    ...common,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
  });
  const subscriber = new Redis(url, { ...common, maxRetriesPerRequest: null });
  watch(command, 'command', url, log, onFatal);
  watch(subscriber, 'subscriber', url, log, onFatal);
  for (const method of DROPPED) {
    catchDropped(command, method, log);
    catchDropped(subscriber, method, log);
  }
  return {
    command,
    subscriber,
    async close() {
      // QUIT lets Redis finish what it was sent, but it waits for a connection: while Redis is
      // down it would wait for ever (the subscriber queues commands until it reconnects), so a
      // client without one is simply dropped.
      const quit = (client: Redis): Promise<unknown> | undefined =>
        client.status === 'ready' ? client.quit().catch(() => undefined) : undefined;
      await Promise.all([quit(command), quit(subscriber)]);
      command.disconnect();
      subscriber.disconnect();
    },
  };
}
