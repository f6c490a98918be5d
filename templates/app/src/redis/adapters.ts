// The socket.io adapter redis.adapter names, over the app's Redis connections (one Redis or a
// Redis Cluster alike).

import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Config } from '../config/config-types.js';
import type { RedisClients } from './connect.js';
import { guardDropped } from './dropped.js';

export type AdapterName = Config['redis']['adapter'];

/** What io.adapter() takes: a function from a namespace to its adapter. */
export type AdapterFactory = ServerOptions['adapter'];

export function createAdapterFor(
  name: AdapterName,
  clients: RedisClients,
  keyPrefix: string,
  log: Logger,
): AdapterFactory {
  const prefix = `${keyPrefix}socket.io`;
  switch (name) {
    case 'sharded':
      // SPUBLISH/SSUBSCRIBE (Redis 7): one channel per room, so on a cluster each message is
      // handled by one shard instead of being copied to every node.
      return createShardedAdapter(clients.command, clients.subscriber, { channelPrefix: prefix });
    case 'streams':
      return streamsAdapter(clients, prefix, log);
    default:
      return createAdapter(clients.command, clients.subscriber, { key: prefix });
  }
}

/**
 * Broadcasts go to a Redis stream that every node reads: a node that loses Redis for a while
 * reads on from where it stopped, and connectionStateRecovery can replay what a client missed.
 */
function streamsAdapter(clients: RedisClients, prefix: string, log: Logger): AdapterFactory {
  // Its own fail-fast connection: the adapter also stores sessions (SET) without waiting for
  // the answer, which must not reject unhandled while Redis is down, and the cache's `set` must.
  const publisher = clients.another('streams publisher', { queue: false });
  guardDropped(publisher, log, ['set']);
  // The adapter copies this connection (duplicate()) for its stream reads (XREAD BLOCK) and its
  // subscriptions: those copies must wait out an outage instead (a read that failed at once
  // would be retried at once, in a loop that never yields), with no command timeout.
  Object.defineProperty(publisher, 'duplicate', {
    value: () => clients.another('streams reader', { queue: true }),
    configurable: true,
  });
  return createStreamsAdapter(publisher, {
    streamName: prefix,
    channelPrefix: prefix,
    sessionKeyPrefix: `${prefix}:session:`,
  });
}
