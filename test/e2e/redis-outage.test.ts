// FLT-03 on ioredis 6, for each adapter at once: Redis gone for 120 s (well past the ~74 s after
// which ioredis 6's defaults reject a queued command) while a client of each pair says something
// every second. Neither node of any pair exits, memory stays bounded, and once Redis is
// back each pair chats across nodes and has its cache again, by itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import type { Project, Server } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import {
  alive,
  ask,
  closeClients,
  connect,
  createRedisProject,
  patchConfig,
  sayUntilHeard,
  untilOk,
} from '../helpers/redis-nodes.js';

const OUTAGE_MS = 120_000;
const ADAPTERS = ['pubsub', 'sharded', 'streams'] as const;

interface Pair {
  adapter: string;
  redis: RedisServer;
  a: Server;
  b: Server;
  onA: Socket;
  onB: Socket;
  pids: number[];
}

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

describe('FLT-03: Redis gone for 120 s under traffic, every adapter', () => {
  let project: Project;
  const pairs: Pair[] = [];

  before(async () => {
    project = await createRedisProject();
    // Each pair reads the config when it starts: one adapter after the other.
    for (const adapter of ADAPTERS) {
      patchConfig(project, { redis: { adapter } });
      const redis = await startRedis();
      const a = await project.start({ REDIS_URL: redis.url });
      const b = await project.start({ REDIS_URL: redis.url });
      const [onA, onB] = await Promise.all([connect(a.url), connect(b.url)]);
      const pids = await Promise.all(
        [onA, onB].map(async (socket) => (await ask(socket, 'action', { action: 'status' })).pid),
      );
      pairs.push({ adapter, redis, a, b, onA, onB, pids: pids as number[] });
    }
  });
  after(async () => {
    closeClients();
    const codes = await Promise.all(pairs.flatMap((pair) => [pair.a.stop(), pair.b.stop()]));
    await Promise.all(pairs.map((pair) => pair.redis.kill()));
    project?.remove();
    assert.deepEqual(
      codes,
      pairs.flatMap(() => [0, 0]),
      'every node ran to the end and exits 0',
    );
  });

  it('no node exits, memory stays bounded, and everything resumes when Redis is back', async () => {
    for (const pair of pairs) await sayUntilHeard(pair.onA, pair.onB);
    const before = pairs.flatMap((pair) => pair.pids.map(rssMb));
    await Promise.all(pairs.map((pair) => pair.redis.kill()));
    const end = Date.now() + OUTAGE_MS;
    let n = 0;
    while (Date.now() < end) {
      await Promise.all(
        pairs.map(async (pair) => {
          const reply = await ask(pair.onA, 'say', { message: `outage ${n}` });
          assert.equal(reply.status, 'OK', `${pair.adapter}: a say during the outage`);
        }),
      );
      n += 1;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    for (const pair of pairs) await Promise.all([alive(pair.a.url), alive(pair.b.url)]);
    const grown = pairs
      .flatMap((pair) => pair.pids.map(rssMb))
      .map((mb, i) => mb - (before[i] ?? 0));
    assert.ok(
      grown.every((mb) => mb < 64),
      `memory grew by ${grown.map((mb) => mb.toFixed(1)).join(', ')} MB`,
    );

    await Promise.all(pairs.map((pair) => pair.redis.start()));
    for (const pair of pairs) {
      await sayUntilHeard(pair.onA, pair.onB, 30_000);
      await sayUntilHeard(pair.onB, pair.onA, 30_000);
      await untilOk(pair.onB, { action: 'cacheTest', key: 'k', value: 'v' }, 30_000);
    }
  });
});
