// Connection state recovery across two nodes on the Redis Streams adapter (FLT-07): a client on
// node B whose transport is cut for a second, while a client on node A says things into its
// room, comes back with the same id and room, no second welcome, and hears every message of
// the gap once and in order, over websocket and over polling. Away for longer than the window
// (webSockets.recoveryWindowMs, a few seconds here), it comes back as a new connection, and the
// other node's client is told it left.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { waitUntil } from '../helpers/process.js';
import type { Project, Server } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import {
  ask,
  closeClients,
  connect,
  createRedisProject,
  heardSay,
  idOf,
  patchConfig,
  sayUntilHeard,
} from '../helpers/redis-nodes.js';
import type { Transport } from '../helpers/socket.js';

interface Said {
  message: string;
  room: string;
  from: string;
}

/** A client that never reconnects by itself (the test decides when it comes back), and its welcomes. */
async function recoverable(url: string, transport: Transport) {
  const client = io(url, { transports: [transport], reconnection: false, forceNew: true });
  const welcomes: unknown[] = [];
  client.on('welcome', (message: unknown) => welcomes.push(message));
  await waitUntil(() => welcomes.length === 1, `a welcome from ${url}`, 10_000);
  return { client, welcomes };
}

const WINDOW_MS = 4000;

describe('FLT-07: connection state recovery across two nodes on the Redis Streams adapter', () => {
  let project: Project;
  let redis: RedisServer;
  let a: Server;
  let b: Server;
  const own: Socket[] = [];

  before(async () => {
    project = await createRedisProject([
      '--redis-adapter',
      'streams',
      '--setting',
      'connectionStateRecovery',
    ]);
    // Long enough for a 1 s cut on a busy machine, short enough to wait out in a test.
    patchConfig(project, { webSockets: { recoveryWindowMs: WINDOW_MS } });
    redis = await startRedis();
    a = await project.start({ REDIS_URL: redis.url });
    b = await project.start({ REDIS_URL: redis.url });
  });
  after(async () => {
    for (const client of own) client.close();
    closeClients();
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    await redis?.kill();
    project?.remove();
    assert.deepEqual(codes, [0, 0]);
  });

  for (const transport of ['websocket', 'polling'] as const) {
    it(`over ${transport}: a 1 s cut loses nothing, repeats nothing, and keeps id and room`, async () => {
      const { client: ann, welcomes } = await recoverable(b.url, transport);
      own.push(ann);
      const bob = await connect(a.url);
      const room = `lobby-${transport}`;
      for (const client of [ann, bob])
        assert.equal((await ask(client, 'roomChange', { room })).status, 'OK');
      await sayUntilHeard(bob, ann);
      const id = await idOf(ann);

      const heard: Said[] = [];
      ann.on('say', (said: Said) => heard.push(said));
      const cutAt = Date.now();
      ann.io.engine.close(); // a network drop: no disconnect packet
      // Node B has seen it once the room no longer lists ann (its state is kept for recovery).
      await waitUntil(
        async () => {
          const view = await ask(bob, 'roomView');
          return !(view.roomStatus as { members: string[] }).members.includes(id);
        },
        'node B to see the cut',
        10_000,
      );
      const gap = Array.from({ length: 20 }, (_, i) => `gap ${transport} ${i}`);
      for (const message of gap) assert.equal((await ask(bob, 'say', { message })).status, 'OK');
      const away = 1000 - (Date.now() - cutAt);
      if (away > 0) await new Promise((resolve) => setTimeout(resolve, away));

      const back = new Promise<void>((resolve, reject) => {
        ann.once('connect', () => resolve());
        ann.once('connect_error', reject);
      });
      ann.connect();
      await back;
      assert.equal(ann.recovered, true, 'socket.io recovered the connection');
      assert.equal(ann.id, id, 'the same id');

      const after = heardSay(ann, 'after the cut');
      assert.equal((await ask(bob, 'say', { message: 'after the cut' })).status, 'OK');
      await after;
      assert.deepEqual(
        heard.map((said) => said.message),
        [...gap, 'after the cut'],
        'every message of the gap, once, in order',
      );
      assert.ok(heard.every((said) => said.room === room));
      assert.equal(welcomes.length, 1, 'no second welcome');
      const details = (await ask(ann, 'detailsView')).details as { room: string; id: string };
      assert.equal(details.room, room);
      assert.equal(details.id, id);
      // Its own say still reaches the room on the other node.
      const heardByBob = heardSay(bob, `ann is back over ${transport}`);
      await ask(ann, 'say', { message: `ann is back over ${transport}` });
      assert.equal((await heardByBob).from, id);
    });
  }
  it('away longer than the window: a new connection, welcomed again, its leave told across nodes', async () => {
    const { client: ann, welcomes } = await recoverable(b.url, 'websocket');
    own.push(ann);
    const bob = await connect(a.url);
    const room = 'lobby-window';
    for (const client of [ann, bob])
      assert.equal((await ask(client, 'roomChange', { room })).status, 'OK');
    await sayUntilHeard(bob, ann);
    const id = await idOf(ann);

    // Once the window has passed without ann, node B ends it: bob, on node A, is told it left.
    const left = heardSay(bob, 'I have left the room', WINDOW_MS + 20_000);
    ann.io.engine.close();
    assert.equal((await left).from, id);

    const back = new Promise<void>((resolve, reject) => {
      ann.once('connect', () => resolve());
      ann.once('connect_error', reject);
    });
    ann.connect();
    await back;
    assert.equal(ann.recovered, false, 'the state was gone');
    assert.notEqual(ann.id, id, 'a new id');
    await waitUntil(() => welcomes.length === 2, 'a second welcome', 10_000);
    const details = (await ask(ann, 'detailsView')).details as { room: string };
    assert.notEqual(details.room, room, 'back in the default room, not the old one');
  });
});
