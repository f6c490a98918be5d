// The lines an operator reads: one per connection opened and closed, one per failed request
// (warn for the client's mistakes), successes at debug only, and never a param's value.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ask, capturedLog, rawGet, startServer, type TestServer } from './helpers.js';

const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const ERROR = 50;
const SECRET = 'sk_live_do-not-log-me-7f3a9c';

describe('logs', () => {
  let t: TestServer;
  let lines: Record<string, unknown>[];
  before(async () => {
    const captured = capturedLog();
    lines = captured.lines;
    t = await startServer({}, 5000, { log: captured.log });
  });
  after(() => t.close());

  /** The lines with `msg` logged from `from` on, waiting (bounded) until there are `count`. */
  async function linesOf(msg: string, from: number, count = 1): Promise<Record<string, unknown>[]> {
    let found: Record<string, unknown>[] = [];
    for (let tries = 0; tries < 500; tries++) {
      found = lines.slice(from).filter((line) => line.msg === msg);
      if (found.length >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return found;
  }

  it('logs one line when a connection opens and one when it closes, with its fields', async () => {
    const from = lines.length;
    const { client } = await t.connect();
    const id = client.id;
    const opened = await linesOf('connection opened', from);
    assert.equal(opened.length, 1);
    assert.equal(opened[0]?.level, INFO);
    assert.equal(opened[0]?.id, id);
    assert.equal(opened[0]?.address, '127.0.0.1');
    assert.equal(opened[0]?.transport, 'websocket');

    client.close();
    const closed = await linesOf('connection closed', from);
    assert.equal(closed.length, 1);
    assert.equal(closed[0]?.level, INFO);
    assert.equal(closed[0]?.id, id);
    assert.equal(closed[0]?.address, '127.0.0.1');
    assert.equal(closed[0]?.transport, 'websocket');
    assert.equal(closed[0]?.reason, 'client namespace disconnect');
    assert.equal(typeof closed[0]?.durationMs, 'number');
    assert.equal(lines.slice(from).filter((line) => line.msg === 'connection opened').length, 1);
  });

  it('logs a failed action once at warn, with its fields and without its params', async () => {
    const { client } = await t.connect();
    const from = lines.length;
    // `value` is missing: refused with 422, while `key` carries something secret-looking.
    const reply = await ask(client, 'action', { action: 'cacheTest', key: SECRET });
    assert.match(String(reply.error), /value is a required parameter/);
    const failed = await linesOf('request failed', from);
    assert.equal(failed.length, 1);
    const line = failed[0] ?? {};
    assert.equal(line.level, WARN);
    assert.equal(line.id, client.id);
    assert.equal(line.address, '127.0.0.1');
    assert.equal(line.verb, 'action');
    assert.equal(line.action, 'cacheTest');
    assert.equal(line.outcome, 'error');
    assert.equal(typeof line.durationMs, 'number');
    for (const logged of lines) assert.ok(!JSON.stringify(logged).includes(SECRET));
  });

  it('logs a failed /api request at warn, without the query or body values', async () => {
    const from = lines.length;
    const res = await rawGet(t.port, `/api/cacheTest?key=${SECRET}`);
    assert.equal(res.status, 422);
    const failed = await linesOf('request failed', from);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.level, WARN);
    assert.equal(failed[0]?.verb, 'GET');
    assert.equal(failed[0]?.action, 'cacheTest');
    assert.equal(failed[0]?.status, 422);
    assert.equal(failed[0]?.address, '127.0.0.1');
    for (const logged of lines) assert.ok(!JSON.stringify(logged).includes(SECRET));
  });

  it('logs a successful request at debug only: nothing at info or above', async () => {
    const { client } = await t.connect();
    const from = lines.length;
    const reply = await ask(client, 'action', { action: 'randomNumber' });
    assert.equal(reply.status, 'OK');
    const done = await linesOf('request', from);
    assert.equal(done.length, 1);
    assert.equal(done[0]?.level, DEBUG);
    assert.equal(done[0]?.outcome, 'ok');
    assert.equal(done[0]?.action, 'randomNumber');
    assert.deepEqual(
      lines.slice(from).filter((line) => Number(line.level) >= INFO),
      [],
    );
  });
});

describe('logs: a server fault', () => {
  let t: TestServer;
  let lines: Record<string, unknown>[];
  before(async () => {
    const captured = capturedLog();
    lines = captured.lines;
    const actionsDir = new URL('./fixtures/faulty-actions/', import.meta.url);
    t = await startServer({}, 5000, { log: captured.log, actionsDir });
  });
  after(() => t.close());

  it('logs a request the server failed at error, over socket.io and HTTP', async () => {
    const { client } = await t.connect();
    const reply = await ask(client, 'action', { action: 'faulty', password: SECRET });
    assert.equal(reply.error, 'Error: The server experienced an internal error');
    const res = await rawGet(t.port, '/api/faulty', 'POST', JSON.stringify({ password: SECRET }));
    assert.equal(res.status, 500);
    const failed = lines.filter((line) => line.msg === 'request failed');
    assert.deepEqual(
      failed.map((line) => [line.level, line.outcome, line.verb, line.action]),
      [
        [ERROR, 'fault', 'action', 'faulty'],
        [ERROR, 'fault', 'POST', 'faulty'],
      ],
    );
    assert.equal(failed[0]?.id, client.id);
    assert.equal(failed[1]?.status, 500);
    for (const logged of lines) assert.ok(!JSON.stringify(logged).includes(SECRET));
  });
});
