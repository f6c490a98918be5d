// Prometheus metrics (config `metrics`): one registry per app, loaded only with metrics.enable.
//
// Cheap by design: every label value is created once here, at start-up (verbs from the verb
// table, action names from the registry), so a request costs a Map read and an increment, and
// an action one histogram observe. Names a client makes up all share the `unknown` series, so
// no request can add a series. What can be read when scraped (open connections, rooms, Redis)
// is read then, never updated per event.

import { createRequire } from 'node:module';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { RedisClient } from '../redis/connect.js';
import type { AppServer } from '../app-state.js';
import type { ActionRegistry } from '../core/registry.js';
import { verbs } from '../socket/verbs.js';
import { joinCluster } from './cluster.js';
import { durationHistogram, type Series } from './durations.js';

const PREFIX = 'actionhero_ws_';

/** The label every made-up verb or action name is counted under. */
export const UNKNOWN = 'unknown';

/** Requests of one verb so far: plain numbers, handed to prom-client when scraped. */
interface Outcomes {
  ok: number;
  error: number;
}

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** The Prometheus text: this process's, or under start:cluster every worker's summed. */
  scrape(): Promise<string>;
  /** start:cluster workers, once ready: scrape() then answers the cluster's sum (cluster.ts). */
  joinCluster(): void;
  /** Counts one request of verb `event` by its reply (an `error` field means it failed). */
  /**
   * One answered request. For `action`, `name` is the action asked for and `seconds` the time
   * from receipt to answer, observed in that action's series (a name not registered counts in
   * the `unknown` one).
   */
  request(
    event: unknown,
    reply: Readonly<Record<string, unknown>>,
    name: string | undefined,
    seconds: number,
  ): void;
  /** One action answered over HTTP (/api/NAME), counted apart from socket.io's; same histogram. */
  httpAction(reply: Readonly<Record<string, unknown>>, name: string, seconds: number): void;
  connectionOpened(): void;
  connectionClosed(): void;
  said(): void;
  /** A rate limit turned a request away; `kind` is actions, say or connections. */
  limitRefused(kind: 'actions' | 'say' | 'connections'): void;
  /** With Redis: its state at scrape time, and its errors as they happen. */
  watchRedis(command: RedisClient, subscriber: RedisClient): void;
}

/** prom-client's default metrics that are not collected here, and why. */
const LEFT_OUT = new Set([
  // nodejs_gc_duration_seconds: it keeps a PerformanceObserver on every garbage collection, and
  // a busy server collects its young objects hundreds of times a second. On the generator's
  // benchmark (50 clients, one action each in flight) it alone cost about 2.5% more CPU per
  // request and 20% more p99 latency; every other default together cost about 2% and no p99.
  'gc',
]);

/**
 * prom-client's defaults (process CPU and memory, event-loop lag, heap, handles, version) but
 * those in LEFT_OUT. collectDefaultMetrics() takes no list, so each is registered by its own
 * module, by the names prom-client itself lists: a new default in a later version is collected
 * too.
 */
function collectDefaults(registry: Registry): void {
  const require = createRequire(import.meta.url);
  // The precision collectDefaultMetrics() itself would pass (ms between event-loop lag samples).
  const config = { register: registry, prefix: PREFIX, eventLoopMonitoringPrecision: 10 };
  for (const name of collectDefaultMetrics.metricsList) {
    if (LEFT_OUT.has(name)) continue;
    const collect = require(`prom-client/lib/metrics/${name}`) as (
      registry: Registry,
      options: typeof config,
    ) => void;
    collect(registry, config);
  }
}

export function createMetrics(actions: ActionRegistry, getIo: () => AppServer | null): Metrics {
  const registry = new Registry();
  collectDefaults(registry);
  const registers = [registry];

  new Gauge({
    name: `${PREFIX}connections_open`,
    help: 'Open socket.io connections on this process, by transport.',
    labelNames: ['transport'],
    registers,
    collect() {
      this.reset();
      const io = getIo();
      if (io === null) return;
      const counts = new Map<string, number>();
      for (const socket of io.of('/').sockets.values()) {
        const transport = socket.conn.transport.name;
        counts.set(transport, (counts.get(transport) ?? 0) + 1);
      }
      for (const [transport, count] of counts) this.set({ transport }, count);
    },
  });
  const opened = new Counter({
    name: `${PREFIX}connections_opened_total`,
    help: 'socket.io connections opened.',
    registers,
  });
  const closed = new Counter({
    name: `${PREFIX}connections_closed_total`,
    help: 'socket.io connections closed.',
    registers,
  });

  // Counted in plain numbers (an increment costs nothing); prom-client reads them when scraped.
  const byVerb = new Map<unknown, Outcomes>();
  for (const [name, verb] of verbs) {
    if (verb.kind !== 'disconnect') byVerb.set(name, { ok: 0, error: 0 });
  }
  const unknownVerb: Outcomes = { ok: 0, error: 0 };
  new Counter({
    name: `${PREFIX}requests_total`,
    help: 'socket.io requests by verb and outcome (ok, or error when the reply has an error).',
    labelNames: ['verb', 'outcome'],
    registers,
    collect() {
      this.reset();
      const add = (verb: string, counts: Outcomes): void => {
        this.inc({ verb, outcome: 'ok' }, counts.ok);
        this.inc({ verb, outcome: 'error' }, counts.error);
      };
      for (const [verb, counts] of byVerb) add(verb as string, counts);
      add(UNKNOWN, unknownVerb);
    },
  });

  // Every series made now: registered actions, and `unknown` for every other name.
  const durations = durationHistogram(
    registry,
    `${PREFIX}action_duration_seconds`,
    'How long socket.io actions took, by action name (unknown for names not registered).',
    [...actions.keys(), UNKNOWN],
  );
  const unknownAction = durations.get(UNKNOWN) as Series;

  let says = 0;
  new Counter({
    name: `${PREFIX}say_total`,
    help: 'Chat messages accepted from clients (`say`).',
    registers,
    collect() {
      this.reset();
      this.inc(says);
    },
  });
  new Gauge({
    name: `${PREFIX}rooms`,
    help: 'Chat rooms with at least one member on this process.',
    registers,
    collect() {
      const io = getIo();
      let count = 0;
      if (io !== null) {
        for (const room of io.of('/').adapter.rooms.keys()) if (room.startsWith('room:')) count++;
      }
      this.set(count);
    },
  });
  const httpActions: Outcomes = { ok: 0, error: 0 };
  new Counter({
    name: `${PREFIX}http_actions_total`,
    help: 'Actions run over HTTP (/api/NAME), by outcome (ok, or error when the reply has an error).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      this.inc({ outcome: 'ok' }, httpActions.ok);
      this.inc({ outcome: 'error' }, httpActions.error);
    },
  });
  const refusals = new Counter({
    name: `${PREFIX}limit_refusals_total`,
    help: 'Requests and connections a rate limit turned away, by kind.',
    labelNames: ['kind'],
    registers,
  });
  const refusedBy = {
    actions: refusals.labels('actions'),
    say: refusals.labels('say'),
    connections: refusals.labels('connections'),
  };

  let scrape = (): Promise<string> => registry.metrics();

  return {
    registry,
    contentType: registry.contentType,
    scrape: () => scrape(),
    joinCluster() {
      scrape = joinCluster(registry);
    },
    request(event, reply, name, seconds) {
      const counted = byVerb.get(event) ?? unknownVerb;
      if (reply.error === undefined) counted.ok++;
      else counted.error++;
      if (name !== undefined) (durations.get(name) ?? unknownAction).observe(seconds);
    },
    httpAction(reply, name, seconds) {
      if (reply.error === undefined) httpActions.ok++;
      else httpActions.error++;
      (durations.get(name) ?? unknownAction).observe(seconds);
    },
    connectionOpened: () => opened.inc(),
    connectionClosed: () => closed.inc(),
    said: () => {
      says++;
    },
    limitRefused: (kind) => refusedBy[kind].inc(),
    watchRedis(command, subscriber) {
      new Gauge({
        name: `${PREFIX}redis_connected`,
        help: 'Whether this process is connected to Redis (1) or not (0).',
        registers,
        collect() {
          this.set(command.status === 'ready' && subscriber.status === 'ready' ? 1 : 0);
        },
      });
      const errors = new Counter({
        name: `${PREFIX}redis_errors_total`,
        help: 'Errors of the Redis connections the adapter and the cache use.',
        registers,
      });
      const count = (): void => errors.inc();
      command.on('error', count);
      subscriber.on('error', count);
    },
  };
}
