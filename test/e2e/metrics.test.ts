// Metrics under `npm run start:cluster` with two workers: whichever worker takes the scrape, the
// answer is both workers' metrics summed (connections opened on either count), parsed with a
// Prometheus text parser from npm; METRICS_TOKEN guards it there too.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { startCluster, type Cluster } from '../helpers/cluster.js';
import { createProject, type Project } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { welcomed } from '../helpers/socket.js';

interface Family {
  name: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
}
// The package has no types: it is one CommonJS function.
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

const TOKEN = 'metrics-e2e-token';

function value(families: Family[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  assert.ok(family, `no metric ${name}`);
  const series = family.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
  return series === undefined ? 0 : Number(series.value);
}

describe('metrics under npm run start:cluster with two workers', () => {
  let project: Project;
  let redis: RedisServer;
  let cluster: Cluster | undefined;
  let url: string;
  const sockets: Socket[] = [];

  before(async () => {
    project = await createProject({ flags: ['--redis'] });
    const built = await project.npm(['run', 'build']);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    redis = await startRedis();
    cluster = await startCluster(project.dir, { REDIS_URL: redis.url, METRICS_TOKEN: TOKEN });
    url = cluster.url;
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    if (cluster?.primary.exitCode === null) cluster.primary.kill('SIGKILL');
    await redis?.kill();
    project?.remove();
  });

  it('answers with the sum of both workers, whichever worker takes the scrape', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const socket = await welcomed(url);
      sockets.push(socket);
      const reply = (await socket.timeout(10_000).emitWithAck('action', { action: 'status' })) as {
        pid?: number;
      };
      pids.add(Number(reply.pid));
    }
    assert.equal(pids.size, 2, 'the clients landed on both workers');

    // Round-robin hands successive scrapes to both workers: every answer holds the full sum.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
        signal: AbortSignal.timeout(15_000),
      });
      assert.equal(res.status, 200, cluster?.log.join(''));
      const body = await res.text();
      const families = parsePrometheus(body);
      assert.equal(value(families, 'actionhero_ws_connections_opened_total'), 6);
      assert.equal(
        value(families, 'actionhero_ws_connections_open', { transport: 'websocket' }),
        6,
      );
      assert.equal(
        value(families, 'actionhero_ws_requests_total', { verb: 'action', outcome: 'ok' }),
        6,
      );
      assert.equal(value(families, 'actionhero_ws_redis_connected'), 2);
      // The parser folds labelled histograms together: the summed count is read from its line.
      const count = body
        .split('\n')
        .find((line) =>
          line.startsWith('actionhero_ws_action_duration_seconds_count{action="status"}'),
        );
      assert.equal(count?.split(' ').at(-1), '6', count);
    }
  });

  it('asks for METRICS_TOKEN', async () => {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(15_000) });
    assert.equal(res.status, 401);
    await res.body?.cancel();
  });
});
