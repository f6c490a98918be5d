// Redis connections (loaded only when redis.enable), to one Redis or to a Redis Cluster: a command
// client that fails fast and a subscriber that queues, both retrying for as long as an outage lasts.

import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { guardDropped } from './dropped.js';

/** One Redis, or a Redis Cluster: the cache, the limits and the adapters take either. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: REDIS_URL, or the cluster's seed nodes (redis.cluster or REDIS_CLUSTER). */
export interface RedisTarget {
  /** The single Redis (REDIS_URL, password included); unused with a cluster. */
  url: string;
  /** Seed node URLs of a Redis Cluster; empty for the single Redis at `url`. */
  cluster: readonly string[];
  /** REDIS_PASSWORD: the cluster nodes' password (a cluster URL carries none). */
  password?: string | undefined;
}

export interface RedisClients {
  /** Cache commands and the adapter's publishes; fails fast (no offline queue) while Redis is down. */
  command: RedisClient;
  /** The adapter's subscriptions; queues while Redis is down, so a late Redis is still subscribed to. */
  subscriber: RedisClient;
  /** True with a Redis Cluster. */
  cluster: boolean;
  /**
   * Another connection, closed with the others: `queue` true waits out an outage and never times
   * a command out (blocking reads, subscriptions); false fails fast like `command`.
   */
  another(role: string, kind: { queue: boolean }): RedisClient;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Sharded pub/sub (SSUBSCRIBE): on a cluster, the subscriber then keeps one connection per master. */
  sharded: boolean;
}

const AUTH_ERROR =
  /WRONGPASS|NOAUTH|invalid password|without any password configured|invalid username-password/i;

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Never give up: reconnect every ≤ 2 s for as long as it takes. ioredis 6's own default backs off
 * to 5 s, and with its default maxRetriesPerRequest (20) a command queued during an outage is
 * rejected after about 74 s; a rejection nobody handles ends the process. Every option below is
 * set on purpose rather than left to a default that may change again.
 */
const retryStrategy = (times: number): number => Math.min(times * 200, 2000);

/** Both kinds of connection: bounded connects, retried for ever. */
const COMMON: RedisOptions = {
  retryStrategy,
  connectTimeout: 5000,
  lazyConnect: false,
};

/** Commands someone waits for: fail at once while Redis is away, never queue. */
const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2000,
};

/** Subscriptions and blocking reads: queue until Redis is back, never reject for retries. */
const QUEUE: RedisOptions = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: null,
};

function seedsOf(urls: readonly string[]): { host: string; port: number; tls: boolean }[] {
  return urls.map((text) => {
    const url = new URL(text);
    return {
      host: url.hostname,
      port: url.port === '' ? 6379 : Number(url.port),
      tls: url.protocol === 'rediss:',
    };
  });
}

/** A Cluster client: `kind` decides whether commands fail fast or wait for the cluster. */
function clusterClient(
  target: RedisTarget,
  kind: RedisOptions,
  extra: ClusterOptions = {},
): Cluster {
  const seeds = seedsOf(target.cluster);
  const tls = seeds.some((seed) => seed.tls) ? {} : undefined;
  return new Cluster(
    seeds.map(({ host, port }) => ({ host, port })),
    {
      // The cluster as a whole reconnects for ever, every ≤ 2 s (the nodes' own connections are
      // left to it: a lost node is found again through CLUSTER SLOTS).
      clusterRetryStrategy: retryStrategy,
      enableOfflineQueue: kind.enableOfflineQueue ?? true,
      // MOVED, ASK, TRYAGAIN, CLUSTERDOWN and a lost node are retried 16 times, 100 ms apart
      // (about 1.6 s), then the command fails with "Too many Cluster redirections": a command
      // during a failover waits that long at most (a broadcast's local delivery included).
      maxRedirections: 16,
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      retryDelayOnTryAgain: 100,
      slotsRefreshTimeout: 2000,
      redisOptions: {
        ...kind,
        connectTimeout: COMMON.connectTimeout,
        ...(target.password === undefined ? {} : { password: target.password }),
        ...(tls === undefined ? {} : { tls }),
      },
      ...extra,
    },
  );
}

function watch(
  client: RedisClient,
  role: string,
  where: string,
  credentials: string,
  log: Logger,
  onFatal: (message: string) => void,
): void {
  let up = false;
  client.on('ready', () => {
    up = true;
    log.info({ role, redis: where }, 'redis connected');
  });
  const onError = (err: Error): void => {
    if (AUTH_ERROR.test(err.message)) {
      onFatal(
        `Redis refused the credentials in ${credentials} (${where}): ${err.message.replace(/\.+$/, '')}. Fix ${credentials} in .env.`,
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
  };
  client.on('error', onError);
  // A Cluster reports a node it cannot reach (or that refuses the password) here, not as `error`.
  if (client instanceof Cluster) client.on('node error', onError);
}

export function connectRedis(
  target: RedisTarget,
  log: Logger,
  onFatal: (message: string) => void,
  options: ConnectOptions = { sharded: false },
): RedisClients {
  const onCluster = target.cluster.length > 0;
  const where = onCluster ? target.cluster.join(',') : redactUrl(target.url);
  const credentials = onCluster ? 'REDIS_PASSWORD' : 'REDIS_URL';
  const extras: RedisClient[] = [];
  const make = (role: string, kind: RedisOptions, sharded = false): RedisClient => {
    const client: RedisClient = onCluster
      ? // Without shardedSubscribers, ioredis sends every SSUBSCRIBE to one node, which redirects
        // it (MOVED) until the command fails with "Too many Cluster redirections".
        clusterClient(target, kind, sharded ? { shardedSubscribers: true } : {})
      : new Redis(target.url, { ...COMMON, ...kind });
    watch(client, role, where, credentials, log, onFatal);
    guardDropped(client, log);
    return client;
  };
  const command = make('command', FAIL_FAST);
  const subscriber = make('subscriber', QUEUE, options.sharded);
  return {
    command,
    subscriber,
    cluster: onCluster,
    another(role, kind) {
      const client = make(role, kind.queue ? QUEUE : FAIL_FAST);
      extras.push(client);
      return client;
    },
    async close() {
      const clients = [command, subscriber, ...extras];
      // QUIT lets Redis finish what it was sent, but it waits for a connection: while Redis is
      // down it would wait for ever (the subscriber queues commands until it reconnects), so a
      // client without one is simply dropped.
      await Promise.all(
        clients.map((client) =>
          client.status === 'ready' ? client.quit().catch(() => undefined) : undefined,
        ),
      );
      for (const client of clients) client.disconnect();
    },
  };
}
