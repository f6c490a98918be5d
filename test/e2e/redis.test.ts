// Redis mode against a real redis-server: two nodes sharing rooms and cache, Redis outages
// (FLT-01, FLT-02, FLT-04), a wrong password (FLT-06), BI-06 on the Redis cache, the project's
// own suite on the Redis adapter, and `npm run start:cluster` with two workers.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { freePort } from '../helpers/ports.js';
import { run, waitUntil } from '../helpers/process.js';
import { startCluster } from '../helpers/cluster.js';
import { repoRoot } from '../helpers/generator.js';
import type { Project, Server } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import {
  alive,
  ask,
  closeClients,
  connect,
  createRedisProject,
  heardSay,
  idOf,
  sayUntilHeard,
  untilOk,
} from '../helpers/redis-nodes.js';
import type { Transport } from '../helpers/socket.js';

describe('Redis mode with a real redis-server', () => {
  let project: Project;

  before(async () => {
    project = await createRedisProject();
  });
  after(() => {
    closeClients();
    project?.remove();
  });

  describe('two nodes sharing one Redis', () => {
    let redis: RedisServer;
    let a: Server;
    let b: Server;
    let a1: Socket;
    let a2: Socket;
    let b1: Socket;

    before(async () => {
      redis = await startRedis();
      a = await project.start({ REDIS_URL: redis.url });
      b = await project.start({ REDIS_URL: redis.url });
      [a1, a2, b1] = await Promise.all([
        connect(a.url),
        connect(a.url),
        connect(b.url, ['polling']),
      ]);
    });
    after(async () => {
      const codes = await Promise.all([a?.stop(), b?.stop()]);
      await redis?.kill();
      assert.deepEqual(codes, [0, 0], 'both nodes exit 0 on SIGTERM');
    });

    it('carries say across nodes and shows roomView members of both', async () => {
      await sayUntilHeard(a1, b1);
      const arrived = heardSay(b1, 'hello from A');
      assert.equal((await ask(a1, 'say', { message: 'hello from A' })).status, 'OK');
      const said = await arrived;
      assert.equal(said.from, await idOf(a1));
      assert.equal(said.room, 'defaultRoom');

      const view = await ask(b1, 'roomView');
      const members = (view.roomStatus as { members: string[]; membersCount: number }).members;
      for (const socket of [a1, a2, b1]) assert.ok(members.includes(await idOf(socket)));
      assert.equal((view.roomStatus as { membersCount: number }).membersCount, members.length);
    });

    it('keeps the cache in Redis: saved on A, loaded on B; cacheTest works', async () => {
      assert.equal(
        (await ask(a1, 'action', { action: 'cacheSave', key: 'shared', value: 'from A' })).saved,
        true,
      );
      assert.equal(
        (await ask(b1, 'action', { action: 'cacheLoad', key: 'shared' })).loaded,
        'from A',
      );
      const reply = await ask(b1, 'action', { action: 'cacheTest', key: 'k', value: 'v' });
      const results = reply.cacheTestResults as {
        saveResp: boolean;
        sizeResp: number;
        loadResp: { value: string };
        deleteResp: boolean;
      };
      assert.equal(results.saveResp, true);
      assert.ok(results.sizeResp >= 2, 'size counts the key saved on A too');
      assert.equal(results.loadResp.value, 'v');
      assert.equal(results.deleteResp, true);
    });

    it('BI-06: prototype-pollution params to cacheTest reach neither the action nor Redis', async () => {
      const payload = JSON.parse(
        '{"action":"cacheTest","key":"p","value":"v","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"extra":1}',
      ) as Record<string, unknown>;
      const reply = await ask(a1, 'action', payload);
      assert.equal(reply.error, undefined);
      assert.equal((reply.cacheTestResults as { loadResp: { value: string } }).loadResp.value, 'v');
      const details = (await ask(a1, 'detailsView')).details as { params: Record<string, unknown> };
      assert.deepEqual(Object.keys(details.params).sort(), ['key', 'value']);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      await alive(a.url);
    });

    it('FLT-02/FLT-04: survives Redis being killed and restarted empty', async () => {
      await redis.kill();
      // Local delivery and actions go on; cache actions answer an error instead of hanging.
      const local = heardSay(a2, 'during the outage');
      assert.equal((await ask(a1, 'say', { message: 'during the outage' })).status, 'OK');
      await local;
      assert.equal((await ask(b1, 'action', { action: 'randomNumber' })).status, 'OK');
      const failed = await ask(a1, 'action', { action: 'cacheTest', key: 'k', value: 'v' }, 5000);
      assert.match(failed.error ?? '', /cache is unavailable/);
      await Promise.all([alive(a.url), alive(b.url)]);

      await redis.start();
      await sayUntilHeard(a1, b1);
      await sayUntilHeard(b1, a1);
      const reply = await untilOk(b1, { action: 'cacheTest', key: 'k', value: 'v' });
      assert.equal((reply.cacheTestResults as { loadResp: { value: string } }).loadResp.value, 'v');
      // Redis came back empty: what A saved before is gone, and saying so is an error, not a crash.
      const missing = await ask(b1, 'action', { action: 'cacheLoad', key: 'shared' });
      assert.match(missing.error ?? '', /Object not found/);
      await Promise.all([alive(a.url), alive(b.url)]);
    });
  });

  it('FLT-01: nodes that start before Redis hear each other once it is up', async () => {
    const redis = await startRedis();
    await redis.kill();
    const a = await project.start({ REDIS_URL: redis.url });
    const b = await project.start({ REDIS_URL: redis.url });
    try {
      const [a1, a2, b1] = await Promise.all([connect(a.url), connect(a.url), connect(b.url)]);
      const local = heardSay(a2, 'before Redis');
      await ask(a1, 'say', { message: 'before Redis' });
      await local;
      const failed = await ask(a1, 'action', { action: 'cacheTest', key: 'k', value: 'v' }, 5000);
      assert.match(failed.error ?? '', /cache is unavailable/);
      await new Promise((resolve) => setTimeout(resolve, 3000)); // Redis comes up "a few seconds later"
      await redis.start();
      await sayUntilHeard(a1, b1);
      await sayUntilHeard(b1, a1);
      await untilOk(b1, { action: 'cacheTest', key: 'k', value: 'v' });
    } finally {
      const codes = await Promise.all([a.stop(), b.stop()]);
      await redis.kill();
      assert.deepEqual(codes, [0, 0]);
    }
  });

  it('stops cleanly on SIGTERM while Redis is down', async () => {
    const redis = await startRedis();
    const node = await project.start({ REDIS_URL: redis.url });
    try {
      await alive(node.url);
      await redis.kill();
    } finally {
      // A close that waited for Redis would end at the hard limit instead, with exit code 1.
      assert.equal(await node.stop(), 0);
      await redis.kill();
    }
    assert.ok(node.log.join('').includes('shutting down'));
    assert.ok(!node.log.join('').includes('did not finish in time'));
  });

  it('FLT-06: a wrong password names REDIS_URL and exits non-zero, once (node and cluster)', async () => {
    const redis = await startRedis({ password: 'right-password' });
    try {
      const url = `redis://:wrong-password@127.0.0.1:${redis.port}/0`;
      const env = { ...process.env, REDIS_URL: url, BIND_IP: '127.0.0.1' };
      const node = await run(process.execPath, ['dist/index.js'], {
        cwd: project.dir,
        env: { ...env, PORT: String(await freePort()) },
        timeoutMs: 30_000,
      });
      assert.equal(node.code, 78);
      assert.match(node.stderr, /REDIS_URL/);
      assert.doesNotMatch(
        node.stderr + node.stdout,
        /wrong-password/,
        'the password is never printed',
      );

      const cluster = await run(process.execPath, ['dist/cluster.js'], {
        cwd: project.dir,
        env: { ...env, PORT: String(await freePort()), WORKERS: '2' },
        timeoutMs: 60_000,
      });
      assert.equal(cluster.code, 1);
      assert.match(cluster.stderr, /REDIS_URL/);
      assert.match(cluster.stderr, /stopping the cluster/);
      assert.doesNotMatch(cluster.stderr, /starting another/, 'no crash loop');
    } finally {
      await redis.kill();
    }
  });

  it("passes the project's own npm test on the Redis adapter (REDIS_URL set)", async () => {
    const redis = await startRedis();
    try {
      const tested = await project.npm(['test'], { REDIS_URL: redis.url });
      assert.equal(tested.code, 0, tested.stdout.slice(-4000) + tested.stderr.slice(-2000));
    } finally {
      await redis.kill();
    }
  });

  describe('npm run start:cluster with two workers', () => {
    let redis: RedisServer;
    let primary: ChildProcess;
    let url: string;
    let log: string[] = [];

    before(async () => {
      redis = await startRedis();
      // Every session's binding reaches the primary late (see the fixture): polling sessions
      // must still always reach the worker that holds them.
      const lateBinding = join(repoRoot, 'test/fixtures/cluster/late-session-binding.mjs');
      ({ primary, url, log } = await startCluster(project.dir, { REDIS_URL: redis.url }, [
        '--import',
        lateBinding,
      ]));
    });
    after(async () => {
      if (primary?.exitCode === null) primary.kill('SIGKILL');
      await redis?.kill();
    });

    it('serves /, /api/status and static files through the primary', async () => {
      for (let i = 0; i < 6; i++) {
        const page = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
        assert.equal(page.status, 200);
        assert.match(await page.text(), /<html/i);
        const status = await fetch(`${url}/api/status`, { signal: AbortSignal.timeout(10_000) });
        assert.equal(status.status, 200);
        const posted = await fetch(`${url}/api/status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
          signal: AbortSignal.timeout(10_000),
        });
        assert.equal(posted.status, 200);
        const script = await fetch(`${url}/public/javascript/actionHeroWebSocket.js`, {
          signal: AbortSignal.timeout(10_000),
        });
        assert.equal(script.status, 200);
        await script.text();
      }
    });

    it('spreads many socket.io clients (polling, websocket, upgrade) over both workers, each running status', async () => {
      const kinds: Transport[][] = [['polling'], ['websocket'], ['polling', 'websocket']];
      const pids = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const socket = await connect(url, kinds[i % kinds.length]);
          const reply = await ask(socket, 'action', { action: 'status' });
          assert.equal(reply.status, 'OK');
          // A few more round trips, so polling sessions must keep reaching the same worker.
          assert.equal((await ask(socket, 'roomView')).status, 'OK');
          assert.equal((await ask(socket, 'action', { action: 'randomNumber' })).status, 'OK');
          socket.close();
          return reply.pid as number;
        }),
      );
      assert.equal(new Set(pids).size, 2, 'both workers served clients');
    });

    it('carries say between clients on different workers', async () => {
      const clients = await Promise.all(Array.from({ length: 4 }, () => connect(url, ['polling'])));
      const byPid = new Map<number, Socket>();
      for (const client of clients)
        byPid.set((await ask(client, 'action', { action: 'status' })).pid as number, client);
      const [first, second] = [...byPid.values()];
      assert.ok(first && second, 'clients landed on both workers');
      await sayUntilHeard(first, second);
      for (const client of clients) client.close();
    });

    it('replaces a killed worker without hanging requests routed to it while it starts', async () => {
      const socket = await connect(url);
      const pid = (await ask(socket, 'action', { action: 'status' })).pid as number;
      process.kill(pid, 'SIGKILL');
      await waitUntil(
        () => log.join('').includes('starting another'),
        'the primary to replace the worker',
      );
      const replies = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const response = await fetch(`${url}/api/status`, {
            signal: AbortSignal.timeout(15_000),
          });
          return response.status;
        }),
      );
      assert.deepEqual(replies, [200, 200, 200, 200, 200, 200]);
      await alive(url);
    });

    it('exits 0 on SIGTERM to the primary, workers included', async () => {
      const socket = await connect(url);
      const pid = (await ask(socket, 'action', { action: 'status' })).pid as number;
      primary.kill('SIGTERM');
      await waitUntil(
        () => primary.exitCode !== null || primary.signalCode !== null,
        'the primary to exit',
        30_000,
      );
      assert.equal(primary.exitCode, 0, log.join('').slice(-2000));
      const gone = (): boolean => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      };
      await waitUntil(gone, `worker ${pid} to exit`, 5000);
    });
  });
});
