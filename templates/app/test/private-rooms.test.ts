// Private rooms (`private:NAME`), against real servers and clients: only a connection whose token
// lists the room in its `rooms` claim joins it, listens to it, says into it or sees its members.
// The servers here sign in with JWTs whatever this project's own auth.mode is.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { io as connectClient } from 'socket.io-client';
import { defineConnectionMiddleware } from '../src/core/middleware.js';
import type { RoomStatus } from '../src/protocol/events.js';
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

const secret = 'a test secret that is longer than thirty-two bytes';
const auth = {
  mode: 'jwt',
  issuer: 'test-issuer',
  audience: 'test-audience',
  clockToleranceSec: 0,
};
const refused = 'Error: you may not join this room';

/** A token for `sub`, with `rooms` as its rooms claim when given; `exp` in seconds. */
function mint(sub: string, rooms?: unknown, exp = Math.floor(Date.now() / 1000) + 3600) {
  return new SignJWT(rooms === undefined ? {} : { rooms })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

async function signedIn(t: TestServer, sub: string, rooms?: unknown): Promise<Client> {
  return (await t.connect({ auth: { token: await mint(sub, rooms) } })).client;
}

async function roomView(client: Client): Promise<{ room: unknown; roomStatus: RoomStatus }> {
  const reply = await ask(client, 'roomView', {});
  assert.equal(reply.status, 'OK', String(reply.error));
  return reply as unknown as { room: unknown; roomStatus: RoomStatus };
}

describe('private rooms (sign-in on)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ auth }, 5000, { jwtSecret: secret });
  });
  after(() => t.close());

  it('lets users whose token lists the room join, listen, say and view it', async () => {
    const ann = await signedIn(t, 'ann', ['private:a']);
    const bob = await signedIn(t, 'bob', ['private:b', 'private:a']);
    const cat = await signedIn(t, 'cat', ['private:a']);
    assert.deepEqual([(await ask(ann, 'roomChange', { room: 'private:a' })).room], ['private:a']);
    assert.equal((await ask(bob, 'roomChange', { room: 'private:a' })).status, 'OK');
    assert.equal((await ask(cat, 'listenToRoom', { room: 'private:a' })).status, 'OK');

    const atBob = next(bob, 'say');
    const atCat = next(cat, 'say');
    assert.equal((await ask(ann, 'say', { message: 'just us' })).status, 'OK');
    for (const said of [await atBob, await atCat]) {
      assert.equal(said.message, 'just us');
      assert.equal(said.room, 'private:a');
    }
    const view = await roomView(ann);
    assert.equal(view.room, 'private:a');
    assert.deepEqual([...view.roomStatus.members].sort(), [ann.id, bob.id].sort());
  });

  it('refuses joining, listening, saying into and viewing it without the claim', async () => {
    const insider = await signedIn(t, 'ann', ['private:x']);
    const member = await signedIn(t, 'bob', ['private:x']);
    for (const client of [insider, member]) {
      assert.equal((await ask(client, 'roomChange', { room: 'private:x' })).status, 'OK');
    }
    const insiderHeard = collectSays(insider);
    const { client: anonymous } = await t.connect();
    const outsiders = [
      anonymous,
      await signedIn(t, 'no-claim'),
      await signedIn(t, 'other-room', ['private:y']),
      await signedIn(t, 'near-miss', ['private:', 'private:xx', 'x', 'PRIVATE:X']),
      await signedIn(t, 'not-a-list', 'private:x'),
    ];
    const heard = outsiders.map((client) => collectSays(client));
    for (const client of outsiders) {
      for (const verb of ['roomChange', 'listenToRoom']) {
        const reply = await ask(client, verb, { room: 'private:x' });
        assert.equal(reply.error, refused, `${verb} by ${client.id}`);
        assert.equal(reply.status, undefined);
      }
      // Still where it was: what it says, and what roomView and detailsView show, is its own room.
      const view = await roomView(client);
      assert.equal(view.room, 'defaultRoom');
      assert.ok(!view.roomStatus.members.some((id) => id === insider.id));
      const details = (await ask(client, 'detailsView', {})).details as Record<string, unknown>;
      assert.equal(details.room, 'defaultRoom');
      assert.deepEqual(details.listeningRooms, []);
      assert.equal((await ask(client, 'say', { message: 'knock knock' })).status, 'OK');
    }
    // No outsider's say reached the room: the member's marker comes after all of them.
    await flush(member, insider);
    assert.deepEqual(
      insiderHeard.filter((said) => said.message === 'knock knock'),
      [],
    );

    // The insider talks in the room, then someone in the outsiders' room says the marker.
    assert.equal((await ask(insider, 'say', { message: 'secret' })).status, 'OK');
    const { client: marker } = await t.connect();
    for (const client of outsiders) await flush(marker, client);
    for (const says of heard) {
      assert.deepEqual(
        says.filter((said) => said.room === 'private:x'),
        [],
      );
    }
  });

  it('a token for private:a does not open private:b', async () => {
    const ann = await signedIn(t, 'ann', ['private:a']);
    assert.equal((await ask(ann, 'roomChange', { room: 'private:a' })).status, 'OK');
    assert.equal((await ask(ann, 'roomChange', { room: 'private:b' })).error, refused);
    assert.equal((await ask(ann, 'listenToRoom', { room: 'private:b' })).error, refused);
    assert.equal((await roomView(ann)).room, 'private:a');
  });

  it('refuses a join once the token has expired, with the session text', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const ann = (await t.connect({ auth: { token: await mint('ann', ['private:e'], exp) } }))
      .client;
    assert.equal((await ask(ann, 'roomChange', { room: 'private:e' })).status, 'OK');
    assert.equal((await ask(ann, 'roomChange', { room: 'lobby' })).status, 'OK');
    await sleep(exp * 1000 - Date.now() + 100);
    for (const verb of ['roomChange', 'listenToRoom']) {
      const reply = await ask(ann, verb, { room: 'private:e' });
      assert.equal(reply.error, 'Error: your session has expired', verb);
    }
    // Rooms anyone may enter are not about the session.
    assert.equal((await ask(ann, 'roomChange', { room: 'public' })).status, 'OK');
  });
});

describe('private rooms after a reconnection (connectionStateRecovery)', () => {
  let t: TestServer;
  const clients: Client[] = [];
  before(async () => {
    // Recovery needs socket.io's in-memory adapter (or Redis Streams), so no Redis here.
    t = await startServer(
      { auth, redis: { enable: false }, webSockets: { settings: ['connectionStateRecovery'] } },
      5000,
      { jwtSecret: secret },
    );
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  it('a recovered connection whose new token lacks the claim is out of the room', async () => {
    const ann: Client = connectClient(t.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 10,
      auth: { token: await mint('ann', ['private:r']) },
    });
    clients.push(ann);
    await next(ann, 'welcome');
    assert.equal((await ask(ann, 'roomChange', { room: 'private:r' })).status, 'OK');
    // Recovery needs a message with an offset (any broadcast): bob's arrival gives one.
    const bob = await signedIn(t, 'bob', ['private:r']);
    const arrival = next(ann, 'say');
    assert.equal((await ask(bob, 'roomChange', { room: 'private:r' })).status, 'OK');
    await arrival;

    // The connection drops and comes back with a token that does not list the room.
    ann.auth = { token: await mint('ann') };
    const welcomeAgain = next(ann, 'welcome');
    ann.io.engine.close();
    assert.equal((await welcomeAgain).room, 'defaultRoom');
    assert.equal(ann.recovered, true, 'socket.io recovered the connection');

    const heard = collectSays(ann);
    assert.equal((await ask(bob, 'say', { message: 'after the reconnection' })).status, 'OK');
    const { client: marker } = await t.connect();
    await flush(marker, ann);
    assert.deepEqual(
      heard.filter((said) => said.room === 'private:r'),
      [],
    );
    const details = (await ask(ann, 'detailsView', {})).details as Record<string, unknown>;
    assert.equal(details.room, 'defaultRoom');
    assert.equal((await ask(ann, 'roomChange', { room: 'private:r' })).error, refused);
  });
  it('a recovered connection whose token still lists its rooms keeps them, unwelcomed', async () => {
    const token = await mint('cal', ['private:k', 'private:l']);
    const cal: Client = connectClient(t.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 10,
      auth: { token },
    });
    clients.push(cal);
    await next(cal, 'welcome');
    assert.equal((await ask(cal, 'roomChange', { room: 'private:k' })).status, 'OK');
    assert.equal((await ask(cal, 'listenToRoom', { room: 'private:l' })).status, 'OK');
    const id = cal.id;
    const welcomes: unknown[] = [];
    cal.on('welcome', (w) => welcomes.push(w));
    const back = within(
      5000,
      'the reconnection',
      new Promise<void>((r) => cal.once('connect', () => r())),
    );
    cal.io.engine.close();
    await back;
    assert.equal(cal.recovered, true);
    assert.equal(cal.id, id);
    const details = (await ask(cal, 'detailsView', {})).details as Record<string, unknown>;
    assert.equal(details.room, 'private:k');
    assert.deepEqual(details.listeningRooms, ['private:l']);
    assert.deepEqual(welcomes, []);
  });

  it('a recovered connection stops hearing a private room its new token lacks', async () => {
    const dee: Client = connectClient(t.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 10,
      auth: { token: await mint('dee', ['private:m']) },
    });
    clients.push(dee);
    await next(dee, 'welcome');
    assert.equal((await ask(dee, 'listenToRoom', { room: 'private:m' })).status, 'OK');
    const eve = await signedIn(t, 'eve', ['private:m']);
    assert.equal((await ask(eve, 'roomChange', { room: 'private:m' })).status, 'OK');

    dee.auth = { token: await mint('dee') };
    const back = within(
      5000,
      'the reconnection',
      new Promise<void>((r) => dee.once('connect', () => r())),
    );
    dee.io.engine.close();
    await back;
    assert.equal(dee.recovered, true);
    const details = (await ask(dee, 'detailsView', {})).details as Record<string, unknown>;
    assert.equal(details.room, 'defaultRoom', 'its own room was not private: it stays');
    assert.deepEqual(details.listeningRooms, []);
    const heard = collectSays(dee);
    assert.equal((await ask(eve, 'say', { message: 'for members only' })).status, 'OK');
    const { client: marker } = await t.connect();
    await flush(marker, dee);
    assert.deepEqual(
      heard.filter((said) => said.room === 'private:m'),
      [],
    );
  });
});

describe('private rooms without sign-in (auth.mode none)', () => {
  let t: TestServer;
  // A project's own connection middleware may name users and their rooms: `auth: {rooms}` here.
  const fromHandshake = defineConnectionMiddleware({
    name: 'roomsFromHandshake',
    create(connection) {
      const rooms = (connection.handshake.auth as { rooms?: unknown } | undefined)?.rooms;
      if (rooms !== undefined) connection.data.user = { sub: 'someone', rooms };
    },
  });
  before(async () => {
    t = await startServer({ auth: { mode: 'none' } }, 5000, { middleware: [fromHandshake] });
  });
  after(() => t.close());

  it('no one is let in, unless a middleware of the project lists the room', async () => {
    const { client: anonymous } = await t.connect();
    assert.equal((await ask(anonymous, 'roomChange', { room: 'private:n' })).error, refused);
    assert.equal((await ask(anonymous, 'listenToRoom', { room: 'private:n' })).error, refused);
    assert.equal((await ask(anonymous, 'roomChange', { room: 'open' })).status, 'OK');

    const { client: listed } = await t.connect({ auth: { rooms: ['private:n'] } });
    assert.equal((await ask(listed, 'roomChange', { room: 'private:n' })).status, 'OK');
  });
});

describe('private rooms across nodes (with REDIS_URL)', { skip: !process.env.REDIS_URL }, () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    // Two nodes on one Redis key prefix: the same cluster, as two processes of a project would be.
    const redis = {
      enable: true,
      url: process.env.REDIS_URL,
      keyPrefix: `test:${process.pid}:private-nodes:`,
    };
    a = await startServer({ auth, redis }, 5000, { jwtSecret: secret });
    b = await startServer({ auth, redis }, 5000, { jwtSecret: secret });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it("reaches the room's members on the other node, and no outsider there", async () => {
    const ann = await signedIn(a, 'ann', ['private:n']);
    const bob = await signedIn(b, 'bob', ['private:n']);
    const eve = await signedIn(b, 'eve');
    for (const client of [ann, bob]) {
      assert.equal((await ask(client, 'roomChange', { room: 'private:n' })).status, 'OK');
    }
    assert.equal((await ask(eve, 'listenToRoom', { room: 'private:n' })).error, refused);
    const eveHeard = collectSays(eve);
    // The adapter's subscriptions settle asynchronously: say until the other node hears.
    await within(
      10_000,
      'the other node',
      (async () => {
        const bobHeard = collectSays(bob);
        while (!bobHeard.some((said) => said.message === 'ping')) {
          await ask(ann, 'say', { message: 'ping' });
          await sleep(50);
        }
      })(),
    );
    const view = await roomView(ann);
    assert.deepEqual([...view.roomStatus.members].sort(), [ann.id, bob.id].sort());
    // A marker from node a, after the room's messages: eve has had all she will ever get.
    const { client: marker } = await a.connect();
    await flush(marker, eve);
    assert.deepEqual(
      eveHeard.filter((said) => said.room === 'private:n'),
      [],
    );
  });
});

describe('private rooms at start-up', () => {
  it('refuses a private default room, naming the setting', async () => {
    await assert.rejects(
      startServer({ auth, general: { defaultChatRoom: 'private:all' } }, 5000, {
        jwtSecret: secret,
      }),
      /general\.defaultChatRoom is "private:all"/,
    );
  });
});
