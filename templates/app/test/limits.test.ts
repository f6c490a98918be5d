// Rate limits (config `limits`) on real servers, each started with low limits so a few requests
// reach them: actions and `say` per connection, actions per address over HTTP (429 with
// Retry-After), connections per address at the handshake (and given back however a connection
// ends), the disconnect of a connection that goes on, and limits.enable false. With REDIS_URL set the counts per address live in Redis.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import type { AppOptions } from '../src/app.js';
import { defineConnectionMiddleware, refuse } from '../src/core/middleware.js';
import {
  ask,
  capturedLog,
  collectSays,
  loose,
  startServer,
  within,
  type Client,
  type TestServer,
} from './helpers.js';

const TOO_MANY = /^Error: too many requests \(retry in (\d+) ms\)$/;

/** The N of a refusal's `retry in N ms`; fails when `error` is no such refusal. */
function retryIn(error: unknown): number {
  const match = TOO_MANY.exec(String(error));
  assert.ok(match, `not a rate limit's refusal: ${String(error)}`);
  return Number(match[1]);
}

/** A rate that nothing in these tests reaches. */
const PLENTY = { points: 100_000, durationSec: 60 };

/** `limits` with everything generous but `low`. */
function limits(low: Record<string, unknown>): Record<string, unknown> {
  return {
    limits: {
      actionsPerConnection: PLENTY,
      actionsPerAddress: PLENTY,
      sayPerConnection: PLENTY,
      sayPerAddress: PLENTY,
      ...low,
    },
  };
}

/**
 * Starts a server and resolves once its cache answers. With REDIS_URL, until Redis is reachable
 * each node counts in its own memory (so an outage never stops a node); these tests count in Redis.
 */
async function started(
  overrides: Record<string, unknown>,
  app: AppOptions = {},
): Promise<TestServer> {
  const t = await startServer(overrides, 5000, app);
  const answers = (): Promise<boolean> =>
    t.app.cache.size().then(
      () => true,
      () => false,
    );
  for (let attempt = 0; attempt < 250; attempt++) {
    if (await answers()) return t;
    await sleep(20);
  }
  throw new Error('the cache (Redis) never answered');
}

/** Connects until the server lets the client in (bounded); false if it never did. */
async function admitted(t: TestServer): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const letIn = await t.connect().then(
      () => true,
      () => false,
    );
    if (letIn) return true;
    await sleep(20);
  }
  return false;
}

/** Runs `randomNumber` `times` times, one after the other; the errors, or 'OK'. */
async function run(client: Client, times: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < times; i++) {
    const reply = await ask(client, 'action', { action: 'randomNumber' });
    answers.push(reply.error ?? String(reply.status));
  }
  return answers;
}

describe('limits: actions and say per connection', () => {
  let t: TestServer;
  before(async () => {
    t = await started(
      limits({
        actionsPerConnection: { points: 3, durationSec: 60 },
        sayPerConnection: { points: 2, durationSec: 60 },
      }),
    );
  });
  after(() => t.close());

  it('run before every other middleware (a refused request costs no sign-in check)', () => {
    const names = t.app.middleware.list.map((m) => m.name);
    assert.deepEqual(names.slice(0, 3), ['limitActions', 'limitConnections', 'limitSay']);
  });

  it('refuses the actions past the limit with the time to wait; another client is served', async () => {
    const { client } = await t.connect();
    const answers = await run(client, 5);
    assert.deepEqual(answers.slice(0, 3), ['OK', 'OK', 'OK']);
    for (const refused of answers.slice(3)) {
      const wait = retryIn(refused);
      assert.ok(wait > 0 && wait <= 60_000, `retry in ${wait} ms`);
    }
    const { client: other } = await t.connect();
    assert.deepEqual(await run(other, 3), ['OK', 'OK', 'OK']);
  });

  it('refuses the messages past the limit; the others reach the room, and no more', async () => {
    const { client: talker } = await t.connect();
    const { client: listener } = await t.connect();
    const heard = collectSays(listener);
    const replies = [];
    for (let i = 1; i <= 4; i++) replies.push(await ask(talker, 'say', { message: `m${i}` }));
    assert.deepEqual(
      replies.map((r) => r.status),
      ['OK', 'OK', undefined, undefined],
    );
    for (const refused of replies.slice(2)) retryIn(refused.error);
    // The server sends the listener everything said before it answers the listener's own request.
    await ask(listener, 'roomView');
    assert.deepEqual(
      heard.filter((s) => s.from === talker.id).map((s) => s.message),
      ['m1', 'm2'],
    );
  });
});

describe('limits: actions per address over HTTP', () => {
  let t: TestServer;
  before(async () => {
    t = await started(limits({ actionsPerAddress: { points: 2, durationSec: 30 } }));
  });
  after(() => t.close());

  it('answers 429 with Retry-After in whole seconds, rounded up', async () => {
    const statuses = [];
    let refused: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${t.url}/api/randomNumber`);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    const body = (await refused?.json()) as { error?: string };
    const wait = retryIn(body.error);
    assert.ok(wait > 0 && wait <= 30_000);
    assert.equal(refused?.headers.get('retry-after'), String(Math.ceil(wait / 1000)));
  });

  it('counts socket.io actions from that address too', async () => {
    const { client } = await t.connect();
    retryIn((await ask(client, 'action', { action: 'randomNumber' })).error);
  });
});

describe('limits: connections per address', () => {
  let t: TestServer;
  let clients: Client[] = [];
  before(async () => {
    t = await started(limits({ connectionsPerAddress: 3 }));
  });
  after(() => t.close());

  it('turns away the connection past the limit at the handshake; the others work', async () => {
    clients = (await Promise.all([t.connect(), t.connect(), t.connect()])).map((c) => c.client);
    const err = (await t.connect().then(
      () => assert.fail('a fourth connection was let in'),
      (error: unknown) => error,
    )) as Error & { data?: unknown };
    assert.equal(err.message, 'Error: too many requests (retry in 1000 ms)');
    assert.deepEqual(err.data, { status: 429 });
    for (const client of clients) {
      assert.equal((await ask(client, 'action', { action: 'randomNumber' })).status, 'OK');
    }
  });

  it('lets a new one in once one of them has gone', async () => {
    // Three are open (the test above); closing one frees its place once the server sees it go.
    clients[0]?.close();
    assert.ok(await admitted(t), 'the freed place was not given back');
  });
});

describe('limits: connections per address, and another middleware that turns some away', () => {
  let t: TestServer;
  const door = defineConnectionMiddleware({
    name: 'door',
    create(connection) {
      if (connection.handshake.auth.name === 'mallory') refuse('you may not come in');
    },
  });
  before(async () => {
    t = await started(limits({ connectionsPerAddress: 2 }), { middleware: [door] });
  });
  after(() => t.close());

  it('gives back the places of connections it turned away once they close', async () => {
    for (let i = 0; i < 2; i++) {
      const mallory: Client = io(t.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { name: 'mallory' },
      });
      const refused = await within(
        5000,
        'the refusal',
        new Promise<Error>((resolve) => mallory.once('connect_error', resolve)),
      );
      assert.equal(refused.message, 'Error: you may not come in');
      mallory.close();
    }
    assert.ok(await admitted(t), 'a place was kept by a connection that was turned away');
    assert.ok(await admitted(t), 'a place was kept by a connection that was turned away');
  });
});

describe('limits: a connection that goes on after being refused', () => {
  let t: TestServer;
  const { log, lines } = capturedLog();
  before(async () => {
    t = await started(
      limits({
        actionsPerConnection: { points: 2, durationSec: 60 },
        disconnectAfterRefusals: 3,
      }),
      { log },
    );
  });
  after(() => t.close());

  it('is disconnected, the reason logged once; other connections go on', async () => {
    const { client } = await t.connect();
    const { client: other } = await t.connect();
    const id = client.id;
    const answers = await run(client, 4);
    assert.deepEqual(answers.slice(0, 2), ['OK', 'OK']);
    retryIn(answers[2]);
    retryIn(answers[3]);
    const gone = within(
      5000,
      'the disconnect',
      new Promise<string>((resolve) => client.once('disconnect', resolve)),
    );
    loose(client).emit('action', { action: 'randomNumber', secret: 'not for the log' });
    assert.equal(await gone, 'io server disconnect');
    const logged = lines.filter((line) => /past its rate limits/.test(String(line.msg)));
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.id, id);
    assert.equal(logged[0]?.address, '127.0.0.1');
    assert.equal(logged[0]?.level, 40);
    assert.doesNotMatch(JSON.stringify(lines), /not for the log/);
    assert.deepEqual(await run(other, 2), ['OK', 'OK']);
  });
});

describe('limits: enable false', () => {
  let t: TestServer;
  before(async () => {
    t = await started({
      limits: {
        enable: false,
        actionsPerConnection: { points: 1, durationSec: 60 },
        actionsPerAddress: { points: 1, durationSec: 60 },
        sayPerConnection: { points: 1, durationSec: 60 },
        connectionsPerAddress: 1,
      },
    });
  });
  after(() => t.close());

  it('adds no middleware, and lets a flood through', async () => {
    const names = t.app.middleware.list.map((m) => m.name);
    assert.ok(!names.some((name) => name.startsWith('limit')), names.join(', '));
    const [{ client }] = await Promise.all([t.connect(), t.connect()]);
    assert.ok((await run(client, 50)).every((answer) => answer === 'OK'));
    for (let i = 0; i < 3; i++) {
      assert.equal((await ask(client, 'say', { message: `m${i}` })).status, 'OK');
    }
  });
});
