// Health: liveness answers while the process serves; readiness only once started, never from the
// start of shutdown on, and never while Redis is enabled but not connected.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { createConfigValidator, formatIssue } from '../src/config/config-validation.js';
import { schemaValidator } from '../src/config/schema-validator.js';
import { ask, next, rawGet, startServer } from './helpers.js';

const validate = createConfigValidator(
  schemaValidator(readFileSync(new URL('../config/config.schema.json', import.meta.url), 'utf8')),
);

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Asks readyPath every 50 ms until it answers `status` (bounded). */
async function readyBecomes(
  port: number,
  status: number,
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await rawGet(port, '/readyz');
    if (res.status === status) return res;
    if (Date.now() > deadline) {
      throw new Error(`readiness stayed ${res.status} ${res.body}, expected ${status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('health', () => {
  it('refuses paths that actions, static files, socket.io or each other already answer', () => {
    const errors = (config: Record<string, unknown>): string[] =>
      validate(config).errors.map(formatIssue);
    assert.deepEqual(errors({ health: { livePath: '/api/health' } }), [
      'health.livePath: is under /api/, which actions, static files or socket.io already answer; choose a path outside it, such as "/healthz" (got "/api/health")',
    ]);
    assert.deepEqual(errors({ health: { readyPath: '/socket.io/ready' } }), [
      'health.readyPath: is under /socket.io/, which actions, static files or socket.io already answer; choose a path outside it, such as "/readyz" (got "/socket.io/ready")',
    ]);
    assert.match(
      errors({ webSockets: { options: { path: '/ws/' } }, health: { livePath: '/ws/live' } })[0] ??
        '',
      /^health\.livePath: is under \/ws\//,
    );
    assert.match(errors({ health: { readyPath: '/public/ready' } })[0] ?? '', /under \/public\//);
    assert.match(
      errors({ metrics: { path: '/index.html' } })[0] ?? '',
      /^metrics\.path: is the example page, .* such as "\/metrics"/,
    );
    assert.deepEqual(errors({ health: { livePath: '/up', readyPath: '/up' } }), [
      'health.readyPath: is the same path as health.livePath; give each its own path (got "/up")',
    ]);
    assert.deepEqual(errors({ metrics: { path: '/healthz' } }), [
      'metrics.path: is the same path as health.livePath; give each its own path (got "/healthz")',
    ]);
    assert.deepEqual(errors({ health: { livePath: '/live', readyPath: '/ready' } }), []);
  });

  it('answers liveness and readiness with JSON, on GET and HEAD only', async () => {
    const t = await startServer();
    try {
      const live = await rawGet(t.port, '/healthz');
      assert.equal(live.status, 200);
      assert.deepEqual(JSON.parse(live.body), { status: 'ok' });
      assert.match(String(live.headers['content-type']), /^application\/json/);
      assert.equal(live.headers['cache-control'], 'no-store');
      // With REDIS_URL set the server runs on Redis: ready once its clients have connected.
      const ready = await readyBecomes(t.port, 200);
      assert.deepEqual(JSON.parse(ready.body), { status: 'ready' });
      const head = await rawGet(t.port, '/readyz?probe=1', 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.body, '');
      assert.equal((await rawGet(t.port, '/healthz', 'HEAD')).status, 200);
      const post = await rawGet(t.port, '/healthz', 'POST', '{}');
      assert.equal(post.status, 405);
      assert.equal(post.headers.allow, 'GET, HEAD');
    } finally {
      await t.close();
    }
  });

  it('serves the paths set in config', async () => {
    const t = await startServer({ health: { livePath: '/ops/live', readyPath: '/ops/ready' } });
    try {
      assert.equal((await rawGet(t.port, '/ops/live')).status, 200);
      assert.equal((await rawGet(t.port, '/healthz')).status, 404);
    } finally {
      await t.close();
    }
  });

  it('is not ready while the server is not listening yet', async () => {
    const result = validate({ servers: { web: { port: 0, bindIP: '127.0.0.1' } } });
    if (!result.ok || result.config === undefined) {
      throw new Error(result.errors.map(formatIssue).join('\n'));
    }
    const server = createServer();
    const app = await createApp(server, result.config, {
      log: pino({ level: 'silent' }),
      drainMs: 0,
    });
    // Connections handed to the app's server from outside (as start:cluster's primary does),
    // so it can be asked before it listens itself.
    const front = createNetServer((socket) => server.emit('connection', socket));
    const frontPort = await listen(front);
    try {
      const starting = await rawGet(frontPort, '/readyz');
      assert.equal(starting.status, 503);
      assert.deepEqual(JSON.parse(starting.body), { status: 'not ready', reason: 'starting' });
      assert.equal((await rawGet(frontPort, '/healthz')).status, 200);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      assert.equal((await rawGet(frontPort, '/readyz')).status, 200);
    } finally {
      front.close();
      await app.close();
    }
  });

  it('turns not ready at once on close, and keeps serving through the drain', async () => {
    const t = await startServer({}, 5000, { drainMs: 1500 });
    try {
      const { client } = await t.connect();
      await readyBecomes(t.port, 200);
      const bye = next(client, 'bye', 10_000);
      const closed = t.app.close();
      const drained = await rawGet(t.port, '/readyz');
      assert.equal(drained.status, 503);
      assert.deepEqual(JSON.parse(drained.body), {
        status: 'not ready',
        reason: 'shutting down',
      });
      // The last connection is still open, and served as usual.
      assert.equal(client.connected, true);
      assert.equal((await rawGet(t.port, '/healthz')).status, 200);
      assert.equal((await ask(client, 'action', { action: 'randomNumber' })).error, undefined);
      assert.deepEqual(await bye, { bye: 'bye', reason: 'server shutdown' });
      await closed;
    } finally {
      await t.close();
    }
  });

  it('is not ready while Redis is enabled but not connected, and still live', async () => {
    // A port nothing listens on: reserved, then released.
    const probe = createNetServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const t = await startServer({
      redis: { enable: true, url: `redis://127.0.0.1:${port}/0`, keyPrefix: 'health-test:' },
    });
    try {
      const ready = await rawGet(t.port, '/readyz');
      assert.equal(ready.status, 503);
      const body = JSON.parse(ready.body) as { status: string; reason: string };
      assert.equal(body.status, 'not ready');
      assert.match(body.reason, /^redis not connected/);
      assert.equal((await rawGet(t.port, '/healthz')).status, 200);
    } finally {
      await t.close();
    }
  });
});
