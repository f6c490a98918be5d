// The socket.io adapters drop the promises of some Redis commands (subscriptions, some publishes):
// while Redis is down those promises reject, and a rejection nobody handles ends the process.

import type { Logger } from 'pino';
import type { Cluster, Redis } from 'ioredis';

/** What every adapter sends without waiting for the answer. */
export const DROPPED = [
  'publish',
  'spublish',
  'subscribe',
  'ssubscribe',
  'psubscribe',
  'unsubscribe',
  'sunsubscribe',
  'punsubscribe',
] as const;

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Gives each of `methods` on this one client a handler for its rejection (logged at debug), so
 * the callers that wait still get the outcome but a dropped promise can no longer end the process.
 * The callers that wait get `undefined` instead of an error, which the adapters treat as sent.
 */
export function guardDropped(
  client: Redis | Cluster,
  log: Logger,
  methods: readonly string[] = DROPPED,
): void {
  const target = client as unknown as Record<string, Method>;
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    const bound = original.bind(client);
    const guarded: Method = (...args) =>
      bound(...args).catch((err: unknown) => {
        log.debug({ err, command: method }, 'redis command failed');
        return undefined;
      });
    Object.defineProperty(client, method, { value: guarded, configurable: true, writable: true });
  }
}
