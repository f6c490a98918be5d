// Each redis.adapter (pubsub, sharded, streams) on a real redis-server (Redis 7): two nodes chat
// both ways, roomView spans both, the cache is shared; Redis killed and restarted, neither node
// dies and delivery between them resumes by itself (FLT-02 per adapter). With streams, one node's
// Redis connection cut for 5 s loses it nothing that reached Redis meanwhile (FLT-08).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { run } from '../helpers/process.js';
import type { Project, Server } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import {
  alive,
  ask,
  checkActsAsOne,
  checkServesAlone,
  closeClients,
  connect,
  createRedisProject,
  heardSay,
  patchConfig,
  sayUntilHeard,
  untilOk,
} from '../helpers/redis-nodes.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/** What Redis itself shows of each adapter: its channels, its sharded channels, or its stream. */
const FOOTPRINT = {
  pubsub: { args: ['pubsub', 'channels', 'actionhero:socket.io*'], seen: /actionhero:socket\.io/ },
  sharded: {
    args: ['pubsub', 'shardchannels', 'actionhero:socket.io*'],
    seen: /actionhero:socket\.io/,
  },
  streams: { args: ['xlen', 'actionhero:socket.io'], seen: /^[1-9]\d*$/m },
} as const;

describe('each Redis adapter on one redis-server', () => {
  let project: Project;

  before(async () => {
    project = await createRedisProject();
  });
  after(() => {
    closeClients();
    project?.remove();
  });

  for (const adapter of ['pubsub', 'sharded', 'streams'] as const) {
    describe(`redis.adapter ${adapter}`, () => {
      let redis: RedisServer;
      // Node B reaches Redis through a relay that FLT-08 cuts.
      let relay: TcpProxy;
      let a: Server;
      let b: Server;
      let a1: Socket;
      let a2: Socket;
      let b1: Socket;

      before(async () => {
        patchConfig(project, { redis: { adapter } });
        redis = await startRedis();
        relay = await startTcpProxy(redis.port);
        a = await project.start({ REDIS_URL: redis.url });
        b = await project.start({ REDIS_URL: `redis://127.0.0.1:${relay.port}/0` });
        [a1, a2, b1] = await Promise.all([
          connect(a.url),
          connect(a.url),
          connect(b.url, ['polling']),
        ]);
      });
      after(async () => {
        const codes = await Promise.all([a?.stop(), b?.stop()]);
        await relay?.close();
        await redis?.kill();
        assert.deepEqual(codes, [0, 0], 'both nodes ran to the end and exit 0 on SIGTERM');
      });

      it('two nodes act as one: say both ways, roomView across nodes, one cache', async () => {
        await checkActsAsOne(a1, b1, `${adapter}-1`);
        // Through the adapter asked for, not another one.
        const { args, seen } = FOOTPRINT[adapter];
        const shown = await run('redis-cli', ['-p', String(redis.port), ...args]);
        assert.match(shown.stdout, seen, `redis-cli ${args.join(' ')}`);
      });

      if (adapter === 'streams') {
        it('FLT-08: a node whose Redis connection is cut for 5 s gets what was said meanwhile', async () => {
          const texts = Array.from({ length: 5 }, (_, i) => `while B was cut ${i}`);
          const heard = texts.map((text) => heardSay(b1, text, 30_000));
          const cutting = relay.cut(5000);
          for (const text of texts) {
            assert.equal((await ask(a1, 'say', { message: text })).status, 'OK');
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
          await cutting;
          await Promise.all(heard);
          await alive(b.url);
        });
      }

      it('FLT-02: Redis killed and restarted: each node serves alone, then delivery resumes', async () => {
        await redis.kill();
        await checkServesAlone(
          a1,
          a2,
          b1,
          [a.url, b.url],
          /cache is unavailable \(Redis is not connected\)/,
        );
        await redis.start();
        await sayUntilHeard(a1, b1);
        await sayUntilHeard(b1, a1);
        await untilOk(b1, { action: 'cacheTest', key: 'k', value: 'v' });
        await checkActsAsOne(a1, b1, `${adapter}-2`);
        await Promise.all([alive(a.url), alive(b.url)]);
      });
    });
  }
});
