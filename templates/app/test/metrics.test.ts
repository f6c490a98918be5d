// GET metrics.path on real servers: the text parses as Prometheus text (with a parser from npm),
// its counters move as clients connect, run actions (ok and failing), say and change rooms, a
// made-up action name adds no series, METRICS_TOKEN guards it, and metrics.enable false hides it.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MetricValue } from 'prom-client';
import { ask, startServer, within, type TestServer } from './helpers.js';

/** One metric family as parse-prometheus-text-format returns it (values are text). */
interface Family {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}
// The package has no types: it is one CommonJS function.
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

const P = 'actionhero_ws_';

async function text(server: TestServer, path = '/metrics'): Promise<string> {
  const res = await fetch(`${server.url}${path}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

async function scrape(server: TestServer, path = '/metrics'): Promise<Family[]> {
  return parsePrometheus(await text(server, path));
}

/** The series (name and labels, without the value) of the app's own metrics in the text. */
function seriesLines(body: string): string[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith(P) && !line.startsWith(`${P}process`))
    .filter((line) => !line.startsWith(`${P}nodejs`))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
}

function family(families: Family[], name: string): Family {
  const found = families.find((f) => f.name === name);
  assert.ok(found, `no metric ${name}`);
  return found;
}

/** The value of the series of `name` with exactly these labels (0 when there is no such series). */
function value(families: Family[], name: string, labels: Record<string, string> = {}): number {
  const series = family(families, name).metrics.find(
    (m) =>
      Object.keys(m.labels ?? {}).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
  return series === undefined ? 0 : Number(series.value);
}

/**
 * How many durations the histogram series of `action` holds. parse-prometheus-text-format folds a
 * histogram's labelled series into one (it knows unlabelled histograms only), so these are read
 * from the app's registry, as prom-client would write them.
 */
async function observed(server: TestServer, action: string): Promise<number> {
  const registry = server.app.metrics?.registry;
  assert.ok(registry, 'metrics are on');
  const histogram = await registry.getSingleMetric(`${P}action_duration_seconds`)?.get();
  // A histogram's values carry the name of the line each is written as (_bucket, _sum, _count).
  const values = (histogram?.values ?? []) as readonly (MetricValue<string> & {
    metricName?: string;
  })[];
  const series = values.find(
    (v) => v.metricName === `${P}action_duration_seconds_count` && v.labels.action === action,
  );
  return series?.value ?? 0;
}

/** Every label set of every actionhero_ws_ series, to see that none were added. */
function seriesOf(families: Family[]): string[] {
  return families
    .filter((f) => f.name.startsWith(`${P}`) && !f.name.startsWith(`${P}process`))
    .flatMap((f) => f.metrics.map((m) => `${f.name}${JSON.stringify(m.labels ?? {})}`))
    .sort();
}

/** Scrapes until `check` holds (a connection closing is seen a moment after the client closes). */
async function until(server: TestServer, check: (f: Family[]) => boolean): Promise<Family[]> {
  return within(
    5000,
    'the metrics to change',
    (async () => {
      for (;;) {
        const families = await scrape(server);
        if (check(families)) return families;
        await sleep(20);
      }
    })(),
  );
}

describe('metrics', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('serves Prometheus text with the process defaults and every counter', async () => {
    const families = await scrape(server);
    for (const name of [
      `${P}process_cpu_seconds_total`,
      `${P}nodejs_eventloop_lag_seconds`,
      `${P}connections_open`,
      `${P}connections_opened_total`,
      `${P}connections_closed_total`,
      `${P}requests_total`,
      `${P}http_actions_total`,
      `${P}action_duration_seconds`,
      `${P}say_total`,
      `${P}rooms`,
    ]) {
      family(families, name);
    }
    assert.equal(family(families, `${P}action_duration_seconds`).type, 'HISTOGRAM');
    // Every default of prom-client's but the GC observer (src/metrics/metrics.ts says why).
    family(families, `${P}nodejs_heap_space_size_used_bytes`);
    family(families, `${P}nodejs_version_info`);
    assert.equal(
      families.some((f) => f.name === `${P}nodejs_gc_duration_seconds`),
      false,
      'the GC duration histogram is left out',
    );
    if (process.env.REDIS_URL) assert.equal(value(families, `${P}redis_connected`), 1);
  });

  it('counts connections, requests by verb and outcome, action durations, says and rooms', async () => {
    const before = await scrape(server);
    const randomNumbers = await observed(server, 'randomNumber');
    const cacheTests = await observed(server, 'cacheTest');
    const { client: ws } = await server.connect();
    const { client: polling } = await server.connect({ transports: ['polling'] });

    assert.equal((await ask(ws, 'action', { action: 'randomNumber' })).error, undefined);
    assert.match(String((await ask(ws, 'action', { action: 'cacheTest' })).error), /key/);
    assert.equal((await ask(ws, 'say', { message: 'hello' })).error, undefined);
    assert.equal((await ask(polling, 'roomChange', { room: 'metrics-room' })).error, undefined);
    assert.equal((await fetch(`${server.url}/api/randomNumber`)).status, 200);
    assert.equal((await fetch(`${server.url}/api/cacheTest`)).status, 422);

    const during = await scrape(server);
    const grew = (name: string, labels: Record<string, string> = {}): number =>
      value(during, name, labels) - value(before, name, labels);
    assert.equal(grew(`${P}connections_opened_total`), 2);
    assert.equal(value(during, `${P}connections_open`, { transport: 'websocket' }), 1);
    assert.equal(value(during, `${P}connections_open`, { transport: 'polling' }), 1);
    assert.equal(grew(`${P}requests_total`, { verb: 'action', outcome: 'ok' }), 1);
    assert.equal(grew(`${P}requests_total`, { verb: 'action', outcome: 'error' }), 1);
    assert.equal(grew(`${P}requests_total`, { verb: 'say', outcome: 'ok' }), 1);
    assert.equal(grew(`${P}requests_total`, { verb: 'roomChange', outcome: 'ok' }), 1);
    // HTTP actions have their own counter, and share the duration histogram with socket.io's.
    assert.equal(grew(`${P}http_actions_total`, { outcome: 'ok' }), 1);
    assert.equal(grew(`${P}http_actions_total`, { outcome: 'error' }), 1);
    assert.equal((await observed(server, 'randomNumber')) - randomNumbers, 2);
    assert.equal((await observed(server, 'cacheTest')) - cacheTests, 2);
    assert.equal(grew(`${P}say_total`), 1);
    // The default room (the websocket client) and metrics-room (the polling one).
    assert.equal(value(during, `${P}rooms`), 2);

    polling.close();
    const closed = await until(
      server,
      (f) =>
        value(f, `${P}connections_closed_total`) - value(before, `${P}connections_closed_total`) ===
        1,
    );
    assert.equal(value(closed, `${P}connections_open`, { transport: 'polling' }), 0);
    assert.equal(value(closed, `${P}rooms`), 1);
  });

  it('counts made-up action names and verbs under `unknown`, adding no series', async () => {
    const { client } = await server.connect();
    // Once first, so the unknown series exist to compare against (they exist from the start).
    await ask(client, 'action', { action: 'warmUp' });
    const beforeText = await text(server);
    const before = parsePrometheus(beforeText);
    const unknowns = await observed(server, 'unknown');
    const reply = await ask(client, 'action', { action: 'x'.repeat(10_000) });
    assert.match(String(reply.error), /is not a known action/);
    await ask(client, 'y'.repeat(10_000), {});
    const after = await scrape(server);

    assert.deepEqual(seriesOf(after), seriesOf(before));
    const grew = (name: string, labels: Record<string, string>): number =>
      value(after, name, labels) - value(before, name, labels);
    assert.equal((await observed(server, 'unknown')) - unknowns, 1);
    // The histogram's series too, which the parser folds together: the same lines, by name.
    assert.deepEqual(seriesLines(await text(server)), seriesLines(beforeText));
    assert.equal(grew(`${P}requests_total`, { verb: 'action', outcome: 'error' }), 1);
    assert.equal(grew(`${P}requests_total`, { verb: 'unknown', outcome: 'error' }), 1);
  });
});

describe('metrics options', () => {
  it('asks for METRICS_TOKEN as a bearer token when it is set', async () => {
    const server = await startServer({}, 5000, { metricsToken: 'a-metrics-token' });
    try {
      const none = await fetch(`${server.url}/metrics`);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('content-type') ?? '', /^application\/json/);
      assert.match(((await none.json()) as { error: string }).error, /Authorization: Bearer/);
      const wrong = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer another-token' },
      });
      assert.equal(wrong.status, 401);
      await wrong.body?.cancel();
      const right = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer a-metrics-token' },
      });
      assert.equal(right.status, 200);
      family(parsePrometheus(await right.text()), `${P}requests_total`);
    } finally {
      await server.close();
    }
  });

  it('serves metrics.path, and nothing with metrics.enable false', async () => {
    const moved = await startServer({ metrics: { path: '/internal/prometheus' } });
    const off = await startServer({ metrics: { enable: false } });
    try {
      family(await scrape(moved, '/internal/prometheus'), `${P}requests_total`);
      assert.equal((await fetch(`${moved.url}/metrics`)).status, 404);
      const res = await fetch(`${off.url}/metrics`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
      // Still serving: only the metrics are gone.
      const { client } = await off.connect();
      assert.equal((await ask(client, 'action', { action: 'randomNumber' })).error, undefined);
    } finally {
      await moved.close();
      await off.close();
    }
  });

  it('counts the rate limits’ refusals', async () => {
    const server = await startServer({
      limits: { enable: true, actionsPerConnection: { points: 1, durationSec: 60 } },
    });
    try {
      const { client } = await server.connect();
      assert.equal((await ask(client, 'action', { action: 'randomNumber' })).error, undefined);
      assert.match(
        String((await ask(client, 'action', { action: 'randomNumber' })).error),
        /too many requests/,
      );
      const families = await scrape(server);
      assert.equal(value(families, `${P}limit_refusals_total`, { kind: 'actions' }), 1);
      assert.equal(value(families, `${P}limit_refusals_total`, { kind: 'say' }), 0);
    } finally {
      await server.close();
    }
  });
});
