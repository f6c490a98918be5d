// Connection state recovery (the connectionStateRecovery setting), with real socket.io clients:
// a client whose transport is cut comes back with the same id, room and listened rooms, gets
// every message said meanwhile once and in order, and no second welcome or "entered"; a client
// away for longer than the window comes back as a new connection. With REDIS_URL set, on the
// Redis Streams adapter.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import type { AppSocket } from '../src/app-state.js';
import { defineChatMiddleware, defineConnectionMiddleware } from '../src/core/middleware.js';
import type { WelcomeMessage } from '../src/protocol/events.js';
import {
  ask,
  collectSays,
  flush,
  next,
  startServer,
  within,
  type Client,
  type TestServer,
} from './helpers.js';

type Transport = 'websocket' | 'polling';

let servers = 0;

/**
 * Recovery on socket.io's in-memory adapter; with REDIS_URL set, on the Redis Streams adapter
 * (the only Redis adapter that can replay what a client missed), under a key prefix of its own.
 */
function recovery(windowMs = 120_000): Record<string, unknown> {
  const url = process.env.REDIS_URL;
  servers += 1;
  const redis = url
    ? {
        enable: true,
        url,
        adapter: 'streams',
        keyPrefix: `test:recovery:${process.pid}:${servers}:`,
      }
    : { enable: false };
  return {
    redis,
    webSockets: { settings: ['connectionStateRecovery'], recoveryWindowMs: windowMs },
  };
}

/** Middleware that write down what they are told: leaves, handshakes and ends of connections. */
function recorders(told: string[]) {
  return [
    defineChatMiddleware({
      name: 'leaves',
      leave({ connection, room, mode }) {
        told.push(`${connection.id} left ${room} (${mode})`);
      },
      // A `say` hook makes every message go to each recipient on its own.
      say: () => true,
    }),
    defineConnectionMiddleware({
      name: 'ends',
      create(connection) {
        told.push(`${connection.id} handshake`);
      },
      destroy(connection) {
        told.push(`${connection.id} ended`);
      },
    }),
  ];
}

/**
 * A client that does not reconnect by itself: the test decides when it comes back, so the gap
 * lasts exactly as long as the test needs. socket.io-client keeps its session id and last
 * offset across the cut, and asks for them back when connect() is called.
 */
async function recoverable(t: TestServer, transport: Transport, clients: Client[]) {
  const client: Client = connectClient(t.url, {
    transports: [transport],
    reconnection: false,
    forceNew: true,
  });
  clients.push(client);
  const welcomes: WelcomeMessage[] = [];
  client.on('welcome', (message) => welcomes.push(message));
  await next(client, 'welcome');
  return { client, welcomes };
}

/** The server side of a client's connection, to know when the server has seen the cut. */
function serverSocket(t: TestServer, client: Client): AppSocket {
  const socket = t.app.io?.sockets.sockets.get(client.id ?? '');
  assert.ok(socket, 'the server knows the connection');
  return socket;
}

/**
 * Cuts the client's transport as a network drop would (socket.io's own recovery tests do the
 * same): no disconnect packet is sent, so the server sees the transport close. Resolves once
 * the server has seen it, with its reason.
 */
async function cut(t: TestServer, client: Client): Promise<string> {
  const socket = serverSocket(t, client);
  const gone = within(
    5000,
    'the server to see the cut',
    new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason))),
  );
  client.io.engine.close();
  return gone;
}

async function comeBack(client: Client): Promise<void> {
  const connected = within(
    5000,
    'the reconnection',
    new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    }),
  );
  client.connect();
  await connected;
}

/** Says `messages` one after the other, each acknowledged before the next. */
async function sayAll(client: Client, messages: string[]): Promise<void> {
  for (const message of messages) {
    assert.equal((await ask(client, 'say', { message })).status, 'OK');
  }
}

for (const transport of ['websocket', 'polling'] as const) {
  describe(`connection state recovery over ${transport}`, () => {
    let t: TestServer;
    const clients: Client[] = [];
    before(async () => {
      t = await startServer(recovery());
    });
    after(async () => {
      for (const client of clients) client.close();
      await t.close();
    });

    it('keeps the id, room and listened rooms, and replays the gap once, in order', async () => {
      const { client: ann, welcomes } = await recoverable(t, transport, clients);
      assert.equal((await ask(ann, 'roomChange', { room: 'lobby' })).status, 'OK');
      assert.equal((await ask(ann, 'listenToRoom', { room: 'news' })).status, 'OK');
      const { client: bob } = await t.connect();
      assert.equal((await ask(bob, 'roomChange', { room: 'lobby' })).status, 'OK');
      const { client: cat } = await t.connect();
      assert.equal((await ask(cat, 'roomChange', { room: 'news' })).status, 'OK');
      // Settled: ann has heard bob enter, and the room has been quiet since.
      await flush(bob, ann, 'before the cut');
      const id = ann.id;
      const heard = collectSays(ann);
      const bobHeard = collectSays(bob);

      assert.equal(await cut(t, ann), 'transport close');
      const gap = Array.from({ length: 50 }, (_, i) => `gap ${i}`);
      await sayAll(bob, gap);
      const news = Array.from({ length: 5 }, (_, i) => `news ${i}`);
      await sayAll(cat, news);
      await comeBack(ann);

      assert.equal(ann.recovered, true, 'socket.io recovered the connection');
      assert.equal(ann.id, id);
      await flush(bob, ann, 'after the cut');
      assert.deepEqual(
        heard.map((said) => said.message),
        [...gap, ...news, 'after the cut'],
      );
      assert.deepEqual(
        heard.map((said) => said.room),
        [...gap.map(() => 'lobby'), ...news.map(() => 'news'), 'lobby'],
      );
      assert.equal(welcomes.length, 1, 'no second welcome');
      const details = (await ask(ann, 'detailsView', {})).details as Record<string, unknown>;
      assert.equal(details.room, 'lobby');
      assert.deepEqual(details.listeningRooms, ['news']);
      assert.equal(details.id, id);

      // Its say still reaches the room, and bob was told neither of a leave nor of an entry.
      await flush(ann, bob, 'ann is back');
      assert.deepEqual(
        bobHeard.filter((said) => said.from === id).map((said) => said.message),
        ['ann is back'],
      );
      const view = await ask(bob, 'roomView', {});
      const members = (view.roomStatus as { members: string[] }).members;
      assert.deepEqual([...members].sort(), [id, bob.id].sort());
    });

    it('recovers a connection that has heard nothing but its welcome', async () => {
      const { client: quiet, welcomes } = await recoverable(t, transport, clients);
      const id = quiet.id;
      assert.equal(await cut(t, quiet), 'transport close');
      await comeBack(quiet);
      assert.equal(quiet.recovered, true);
      assert.equal(quiet.id, id);
      assert.equal(welcomes.length, 1);
    });
  });
}

describe('connection state recovery with middleware', () => {
  let t: TestServer;
  const clients: Client[] = [];
  const told: string[] = [];
  before(async () => {
    t = await startServer(recovery(), 5000, { middleware: recorders(told) });
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  it('asks the connection middleware again, and tells no leave or end of a recovered connection', async () => {
    const { client: ann } = await recoverable(t, 'websocket', clients);
    assert.equal((await ask(ann, 'roomChange', { room: 'lobby' })).status, 'OK');
    assert.equal((await ask(ann, 'listenToRoom', { room: 'news' })).status, 'OK');
    const { client: bob } = await t.connect();
    assert.equal((await ask(bob, 'roomChange', { room: 'lobby' })).status, 'OK');
    await flush(bob, ann, 'before the cut');
    const id = ann.id ?? '';
    told.length = 0;

    assert.equal(await cut(t, ann), 'transport close');
    await comeBack(ann);
    assert.equal(ann.recovered, true);
    const heard = collectSays(ann);
    await flush(bob, ann, 'after the cut');
    assert.deepEqual(
      heard.map((said) => said.message),
      ['after the cut'],
      'each message once, through the say middleware',
    );
    assert.deepEqual(told, [`${id} handshake`]);
    const details = (await ask(ann, 'detailsView', {})).details as Record<string, unknown>;
    assert.equal(details.room, 'lobby');
    assert.deepEqual(details.listeningRooms, ['news']);
  });
});

describe('connection state recovery at shutdown', () => {
  it('ends the connections still away: their state dies with the server', async () => {
    const told: string[] = [];
    const clients: Client[] = [];
    const t = await startServer(recovery(), 5000, { middleware: recorders(told) });
    try {
      const { client: ann } = await recoverable(t, 'websocket', clients);
      const id = ann.id ?? '';
      assert.equal(await cut(t, ann), 'transport close');
      assert.deepEqual(told, [`${id} handshake`], 'away, not gone');
      await t.close();
      const ended = [`${id} handshake`, `${id} left defaultRoom (disconnect)`, `${id} ended`];
      // With Redis another node could still recover it: it is left alone.
      assert.deepEqual(told, process.env.REDIS_URL ? [`${id} handshake`] : ended);
    } finally {
      for (const client of clients) client.close();
    }
  });
});

describe('connection state recovery: away longer than the window', () => {
  let t: TestServer;
  const clients: Client[] = [];
  const told: string[] = [];
  before(async () => {
    t = await startServer(recovery(1000), 5000, { middleware: recorders(told) });
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  it('comes back as a new connection, welcomed into the default room, its end told then', async () => {
    const { client: ann, welcomes } = await recoverable(t, 'websocket', clients);
    assert.equal((await ask(ann, 'roomChange', { room: 'lobby' })).status, 'OK');
    const { client: bob } = await t.connect();
    assert.equal((await ask(bob, 'roomChange', { room: 'lobby' })).status, 'OK');
    await flush(bob, ann, 'before the cut');
    const id = ann.id;

    const left = next(bob, 'say', 10_000);
    assert.equal(await cut(t, ann), 'transport close');
    // Once the window is over the connection has ended: bob is told it left.
    const leave = await left;
    assert.equal(leave.message, 'I have left the room');
    assert.equal(leave.from, id);
    // The middleware are told then too, once.
    assert.deepEqual(
      told.filter((line) => line.startsWith(`${id} `)),
      [
        `${id} handshake`,
        `${id} left defaultRoom (roomChange)`,
        `${id} left lobby (disconnect)`,
        `${id} ended`,
      ],
    );

    const welcomed = next(ann, 'welcome');
    await comeBack(ann);
    assert.equal((await welcomed).room, 'defaultRoom');
    assert.equal(ann.recovered, false);
    assert.notEqual(ann.id, id);
    assert.equal(welcomes.length, 2);
    const details = (await ask(ann, 'detailsView', {})).details as Record<string, unknown>;
    assert.equal(details.room, 'defaultRoom');
    assert.deepEqual(details.listeningRooms, []);
  });
});
