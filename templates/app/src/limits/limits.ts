// Rate limits (config `limits`), as three built-in middleware that run before any other: actions
// and `say` per connection and per client address, and open connections per address. Over a
// limit the client gets `Error: too many requests (retry in N ms)` (over HTTP, 429 with
// Retry-After); a connection refused `disconnectAfterRefusals` times in a row is disconnected.

import type { RedisClient } from '../redis/connect.js';
import type { Logger } from 'pino';
import type { AppSocket } from '../app-state.js';
import type { Config } from '../config/config-types.js';
import {
  defineActionMiddleware,
  defineChatMiddleware,
  defineConnectionMiddleware,
  refuse,
  type Middleware,
  type MiddlewareConnection,
} from '../core/middleware.js';
import { Window, Windows, type KeyedLimit, type Rate, type Wait } from './windows.js';

/** The refusal's text; a client may wait N ms before it asks again. */
export function tooManyRequests(retryInMs: number): string {
  return `too many requests (retry in ${retryInMs} ms)`;
}

/**
 * What a connection turned away for its address's open connections is told to wait: a place
 * frees when one of them closes, which nothing predicts.
 */
const CONNECTION_RETRY_MS = 1000;

/** Before every other middleware, sign-in included (a name before `signIn` at the same priority). */
const FIRST = Number.MIN_SAFE_INTEGER;

/** What one connection used: its own windows, and how many refusals it got in a row. */
interface ConnectionUse {
  readonly actions: Window;
  readonly say: Window;
  refusedInARow: number;
}

/** One kind of request (actions, or `say`): its limit per connection and per address. */
interface Kind {
  readonly name: 'actions' | 'say';
  readonly perConnection: Rate;
  readonly addressRate: Rate;
  /** In this process; with Redis, replaced by shareThrough. */
  perAddress: KeyedLimit;
}

export interface Limits {
  /** limitConnections, limitActions and limitSay. */
  readonly middleware: readonly Middleware[];
  /** With redis.enable: count per address in Redis (under `keyPrefix`), shared by every node. */
  shareThrough(client: RedisClient, keyPrefix: string): Promise<void>;
}

function rateOf(rate: { points: number; durationSec: number }): Rate {
  return { points: rate.points, ms: rate.durationSec * 1000 };
}

function kind(name: Kind['name'], perConnection: Rate, perAddress: Rate): Kind {
  return { name, perConnection, addressRate: perAddress, perAddress: new Windows(perAddress) };
}

/** Told of every refusal (metrics count them), by what was refused. */
export type OnRefused = (kind: 'actions' | 'say' | 'connections') => void;

export function createLimits(config: Config['limits'], log: Logger, onRefused?: OnRefused): Limits {
  const actions = kind(
    'actions',
    rateOf(config.actionsPerConnection),
    rateOf(config.actionsPerAddress),
  );
  const say = kind('say', rateOf(config.sayPerConnection), rateOf(config.sayPerAddress));
  const uses = new WeakMap<MiddlewareConnection, ConnectionUse>();
  const open = new Map<string, number>();

  const useOf = (connection: MiddlewareConnection): ConnectionUse => {
    let use = uses.get(connection);
    if (use === undefined) {
      use = { actions: new Window(), say: new Window(), refusedInARow: 0 };
      uses.set(connection, use);
    }
    return use;
  };

  /** Refuses, and disconnects a connection that has been refused too often in a row. */
  const refused = (
    of: Kind,
    connection: MiddlewareConnection | undefined,
    use: ConnectionUse | undefined,
    wait: Wait,
  ): never => {
    onRefused?.(of.name);
    if (connection !== undefined && use !== undefined) {
      if (++use.refusedInARow === config.disconnectAfterRefusals) {
        log.warn(
          { id: connection.id, address: connection.data.remoteIP, refusals: use.refusedInARow },
          'disconnected a connection that went on past its rate limits',
        );
        connection.disconnect(true);
      }
    }
    refuse(tooManyRequests(wait), 429, wait);
  };

  const settle = (
    of: Kind,
    connection: MiddlewareConnection | undefined,
    use: ConnectionUse | undefined,
    wait: Wait,
  ): void => {
    if (wait > 0) refused(of, connection, use, wait);
    if (use !== undefined) use.refusedInARow = 0;
  };

  /**
   * Counts one request of `kind` against its connection (socket.io; none over HTTP), then its
   * address. Synchronous unless the address is counted in Redis.
   */
  const check = (
    of: Kind,
    connection: MiddlewareConnection | undefined,
    address: string,
  ): void | Promise<void> => {
    const now = Date.now();
    let use: ConnectionUse | undefined;
    if (connection !== undefined) {
      use = useOf(connection);
      const wait = use[of.name].take(now, of.perConnection);
      if (wait > 0) refused(of, connection, use, wait);
    }
    const wait = of.perAddress.take(address, now);
    if (typeof wait === 'number') return settle(of, connection, use, wait);
    return wait.then((ms) => settle(of, connection, use, ms));
  };

  const release = (address: string): void => {
    const count = (open.get(address) ?? 1) - 1;
    if (count === 0) open.delete(address);
    else open.set(address, count);
  };

  const middleware: Middleware[] = [
    defineConnectionMiddleware({
      name: 'limitConnections',
      priority: FIRST,
      create(connection) {
        const address = connection.data.remoteIP;
        const count = open.get(address) ?? 0;
        if (count >= config.connectionsPerAddress) {
          onRefused?.('connections');
          refuse(tooManyRequests(CONNECTION_RETRY_MS), 429, CONNECTION_RETRY_MS);
        }
        open.set(address, count + 1);
        useOf(connection);
        // Given back when the transport closes, which it does exactly once: `destroy` is not
        // told of a connection a later middleware turned away, or that hung up before it was in.
        (connection as AppSocket).conn.once('close', () => release(address));
      },
    }),
    defineActionMiddleware({
      name: 'limitActions',
      global: true,
      priority: FIRST,
      preProcessor(data) {
        return check(actions, data.connection, data.ctx.requester.remoteIP);
      },
    }),
    defineChatMiddleware({
      name: 'limitSay',
      priority: FIRST,
      onSayReceive({ connection }) {
        return check(say, connection, connection.data.remoteIP);
      },
    }),
  ];

  return {
    middleware,
    async shareThrough(client, keyPrefix) {
      const { SharedWindows } = await import('./shared.js');
      for (const of of [actions, say]) {
        of.perAddress = new SharedWindows(client, `${keyPrefix}limits:${of.name}`, of.addressRate);
      }
    },
  };
}
