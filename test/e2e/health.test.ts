// Health over a real `node dist/index.js` (FLT-10): liveness and readiness after start; SIGTERM
// turns readiness 503 while the server still serves through the drain, then it exits 0; Redis
// going away turns readiness 503 (liveness stays 200) until Redis is back.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from '../helpers/process.js';
import { createProject, type Project } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { welcomed } from '../helpers/socket.js';

interface Answer {
  status: number;
  body: string;
}

/** One request on its own connection (no keep-alive pool to outlive the test), bounded. */
function get(url: string, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls readiness until it answers `status` (bounded); returns that answer. */
async function readiness(url: string, status: number, what: string): Promise<Answer> {
  let last: Answer = { status: 0, body: '' };
  await waitUntil(
    async () => {
      last = await get(url, '/readyz');
      return last.status === status;
    },
    what,
    20_000,
  );
  return last;
}

describe('health and readiness of a running server (FLT-10)', () => {
  let project: Project;
  let redis: RedisServer;

  before(async () => {
    project = await createProject({ flags: ['--redis'] });
    // A drain long enough to observe from outside without racing it.
    const file = join(project.dir, 'config/config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...config, health: { drainMs: 3000 } }, null, 2));
    redis = await startRedis();
  });
  after(async () => {
    await redis?.kill();
    project?.remove();
  });

  it('is live and ready after start; on SIGTERM not ready but serving through the drain; exits 0', async () => {
    const running = await project.start({ REDIS_URL: redis.url });
    const socket = await welcomed(running.url);
    try {
      const live = await get(running.url, '/healthz');
      assert.equal(live.status, 200);
      assert.deepEqual(JSON.parse(live.body), { status: 'ok' });
      const ready = await readiness(running.url, 200, 'readiness after start');
      assert.deepEqual(JSON.parse(ready.body), { status: 'ready' });
      assert.equal((await get(running.url, '/readyz', 'HEAD')).status, 200);

      const bye = new Promise((resolve) => socket.once('bye', resolve));
      const exited = running.stop();
      const draining = await readiness(running.url, 503, 'readiness to drop at SIGTERM');
      assert.deepEqual(JSON.parse(draining.body), {
        status: 'not ready',
        reason: 'shutting down',
      });
      // Still serving: the open connection is there and answered, liveness and actions over HTTP too.
      assert.equal(socket.connected, true);
      const reply = (await socket
        .timeout(5000)
        .emitWithAck('action', { action: 'randomNumber' })) as {
        error?: string;
        randomNumber?: number;
      };
      assert.equal(reply.error, undefined);
      assert.equal(typeof reply.randomNumber, 'number');
      assert.equal((await get(running.url, '/healthz')).status, 200);
      assert.equal((await get(running.url, '/api/status')).status, 200);
      assert.deepEqual(await bye, { bye: 'bye', reason: 'server shutdown' });
      assert.equal(await exited, 0);
    } finally {
      socket.close();
    }
  });

  it('is not ready while Redis is down (still live), and ready again when it is back', async () => {
    const running = await project.start({ REDIS_URL: redis.url });
    try {
      await readiness(running.url, 200, 'readiness with Redis up');
      await redis.kill();
      const down = await readiness(running.url, 503, 'readiness to drop with Redis down');
      const body = JSON.parse(down.body) as { status: string; reason: string };
      assert.equal(body.status, 'not ready');
      assert.match(body.reason, /^redis not connected/);
      assert.equal((await get(running.url, '/healthz')).status, 200);
      await redis.start();
      await readiness(running.url, 200, 'readiness once Redis is back');
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });
});
