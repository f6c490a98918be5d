// The adapters over a real Redis Cluster (redis-server --cluster-enabled, joined with redis-cli
// --cluster create), seeds from REDIS_CLUSTER: two nodes act as one (chat, roomView, one cache
// in one slot). Three masters alone: one killed, the cluster refuses (CLUSTERDOWN), each node
// serves its own clients and says so honestly, then the master restarted and all resumes.
// Nodes started while the whole cluster is down (FLT-01). Three masters with a replica each
// (FLT-09): a master killed, its replica promoted, delivery and the cache resume by themselves,
// and the old master rejoins. A password in REDIS_PASSWORD, right and wrong (FLT-06).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { freePort } from '../helpers/ports.js';
import { run } from '../helpers/process.js';
import type { Project, Server } from '../helpers/project.js';
import { startRedisCluster, type RedisCluster } from '../helpers/redis.js';
import {
  alive,
  ask,
  checkActsAsOne,
  checkServesAlone,
  closeClients,
  connect,
  createRedisProject,
  patchConfig,
  sayUntilHeard,
  untilOk,
} from '../helpers/redis-nodes.js';

/** The slot of every cache key: the generated cache hashes `{cache}` only (see redis/cache.ts). */
const CACHE_TAG = '{cache}';

/** Two nodes on `cluster` with `adapter`; their clients a1, a2 (websocket) and b1 (polling). */
function twoNodes(project: () => Project, adapter: string, cluster: () => RedisCluster) {
  const nodes = {} as { a: Server; b: Server; a1: Socket; a2: Socket; b1: Socket };
  before(async () => {
    patchConfig(project(), { redis: { adapter } });
    const env = { REDIS_CLUSTER: cluster().seeds.join(',') };
    nodes.a = await project().start(env);
    nodes.b = await project().start(env);
    [nodes.a1, nodes.a2, nodes.b1] = await Promise.all([
      connect(nodes.a.url),
      connect(nodes.a.url),
      connect(nodes.b.url, ['polling']),
    ]);
  });
  after(async () => {
    const codes = await Promise.all([nodes.a?.stop(), nodes.b?.stop()]);
    assert.deepEqual(codes, [0, 0], 'both nodes ran to the end and exit 0 on SIGTERM');
  });
  return nodes;
}

describe('Redis Cluster', () => {
  let project: Project;

  before(async () => {
    project = await createRedisProject();
  });
  after(() => {
    closeClients();
    project?.remove();
  });

  describe('three masters, no replicas', () => {
    let cluster: RedisCluster;
    before(async () => {
      cluster = await startRedisCluster({ masters: 3 });
    });
    after(async () => {
      await cluster?.stop();
    });

    for (const adapter of ['sharded', 'pubsub', 'streams'] as const) {
      describe(`redis.adapter ${adapter}`, () => {
        const nodes = twoNodes(
          () => project,
          adapter,
          () => cluster,
        );

        it('two nodes act as one: say both ways, roomView across nodes, one cache', async () => {
          await checkActsAsOne(nodes.a1, nodes.b1, `${adapter}-c1`);
        });

        it('a master killed: the nodes serve alone and say the cluster is down; restarted, all resumes', async () => {
          const { a, b, a1, a2, b1 } = nodes;
          const master = await cluster.ownerOf(CACHE_TAG);
          await master.kill();
          try {
            await checkServesAlone(
              a1,
              a2,
              b1,
              [a.url, b.url],
              /^Error: the cache is unavailable \(the Redis Cluster /,
            );
          } finally {
            await master.start();
          }
          await cluster.waitUntilOk();
          await untilOk(b1, { action: 'cacheTest', key: 'k', value: 'v' }, 30_000);
          await sayUntilHeard(a1, b1, 30_000);
          await sayUntilHeard(b1, a1, 30_000);
          await checkActsAsOne(a1, b1, `${adapter}-c2`);
          await Promise.all([alive(a.url), alive(b.url)]);
        });
      });
    }
  });

  it('FLT-01: nodes that start while the whole cluster is down hear each other once it is up', async () => {
    const cluster = await startRedisCluster({ masters: 3 });
    let nodes: Server[] = [];
    try {
      await Promise.all(cluster.nodes.map((node) => node.kill()));
      patchConfig(project, { redis: { adapter: 'sharded' } });
      const env = { REDIS_CLUSTER: cluster.seeds.join(',') };
      nodes = [await project.start(env), await project.start(env)];
      const [a, b] = nodes as [Server, Server];
      const [a1, a2, b1] = await Promise.all([connect(a.url), connect(a.url), connect(b.url)]);
      await checkServesAlone(
        a1,
        a2,
        b1,
        [a.url, b.url],
        /^Error: the cache is unavailable \(the Redis Cluster is not connected\)/,
      );
      // Every node keeps its nodes.conf: the same cluster comes back.
      await Promise.all(cluster.nodes.map((node) => node.start()));
      await cluster.waitUntilOk();
      await untilOk(b1, { action: 'cacheTest', key: 'k', value: 'v' }, 30_000);
      await sayUntilHeard(a1, b1, 30_000);
      await sayUntilHeard(b1, a1, 30_000);
      await checkActsAsOne(a1, b1, 'late-cluster');
    } finally {
      const codes = await Promise.all(nodes.map((node) => node.stop()));
      await cluster.stop();
      assert.deepEqual(
        codes,
        nodes.map(() => 0),
      );
    }
  });

  describe('FLT-09: three masters with a replica each', () => {
    let cluster: RedisCluster;
    before(async () => {
      cluster = await startRedisCluster({ masters: 3, replicas: 1 });
    });
    after(async () => {
      await cluster?.stop();
    });

    for (const adapter of ['sharded', 'pubsub'] as const) {
      describe(`redis.adapter ${adapter}`, () => {
        const nodes = twoNodes(
          () => project,
          adapter,
          () => cluster,
        );

        it('a master killed, its replica promoted: delivery and the cache resume; the old master rejoins', async () => {
          const { a, b, a1, b1 } = nodes;
          await checkActsAsOne(a1, b1, `${adapter}-f1`);
          const master = await cluster.ownerOf(CACHE_TAG);
          await master.kill();
          // Traffic on while the replica takes over: every request is answered, none hangs.
          const during = await ask(
            a1,
            'action',
            { action: 'cacheTest', key: 'k', value: 'v' },
            8000,
          );
          if (during.error !== undefined) {
            assert.match(during.error, /^Error: the cache is unavailable \(the Redis Cluster /);
          }
          await cluster.waitUntilOk();
          await untilOk(b1, { action: 'cacheTest', key: 'k', value: 'v' }, 30_000);
          await sayUntilHeard(a1, b1, 30_000);
          await sayUntilHeard(b1, a1, 30_000);
          await checkActsAsOne(a1, b1, `${adapter}-f2`);
          await master.start();
          await cluster.waitUntilOk();
          await checkActsAsOne(a1, b1, `${adapter}-f3`);
          await Promise.all([alive(a.url), alive(b.url)]);
        });
      });
    }
  });

  describe('a cluster with a password (REDIS_PASSWORD)', () => {
    let cluster: RedisCluster;
    before(async () => {
      cluster = await startRedisCluster({ masters: 3, password: 'right-password' });
      patchConfig(project, { redis: { adapter: 'sharded' } });
    });
    after(async () => {
      await cluster?.stop();
    });

    it('serves with the right password', async () => {
      const node = await project.start({
        REDIS_CLUSTER: cluster.seeds.join(','),
        REDIS_PASSWORD: 'right-password',
      });
      try {
        const client = await connect(node.url);
        await untilOk(client, { action: 'cacheTest', key: 'k', value: 'v' });
      } finally {
        assert.equal(await node.stop(), 0);
      }
    });

    it('FLT-06: a wrong one names REDIS_PASSWORD and exits 78, never printing it', async () => {
      const node = await run(process.execPath, ['dist/index.js'], {
        cwd: project.dir,
        env: {
          ...process.env,
          REDIS_CLUSTER: cluster.seeds.join(','),
          REDIS_PASSWORD: 'wrong-password',
          PORT: String(await freePort()),
          BIND_IP: '127.0.0.1',
        },
        timeoutMs: 30_000,
      });
      assert.equal(node.code, 78, node.stderr);
      assert.match(node.stderr, /REDIS_PASSWORD/);
      assert.doesNotMatch(node.stderr + node.stdout, /wrong-password/);
    });
  });
});
