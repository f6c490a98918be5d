// Room announcements ("I have entered/left the room"): general.announceRoomChanges switches them
// off, and general.announceMaxMembers keeps them from rooms with more members than that, while
// joins and leaves still happen and roomView still counts everyone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ask,
  collectSays,
  flush,
  startServer,
  within,
  type Client,
  type TestServer,
} from './helpers.js';

/** The announcements among what a client heard, as `ID: entered` or `ID: left`. */
function announcements(heard: { message: string; from: string }[]): string[] {
  return heard
    .filter((m) => m.message === 'I have entered the room' || m.message === 'I have left the room')
    .map((m) => `${m.from}: ${m.message.replace('I have ', '').replace(' the room', '')}`);
}

/**
 * A round trip: a reply is sent after everything the server sent this client before, on the same
 * transport, so once it is here so is every announcement made before the request.
 */
async function settled(client: Client): Promise<void> {
  assert.equal((await ask(client, 'detailsView', {})).status, 'OK');
}

async function enter(client: Client, room: string): Promise<void> {
  assert.equal((await ask(client, 'roomChange', { room })).status, 'OK');
}

/** Closes a client and waits until the server has seen it go (and announced it, or not). */
async function close(t: TestServer, client: Client): Promise<void> {
  const socket = t.app.io?.sockets.sockets.get(client.id ?? '');
  assert.ok(socket, 'the server knows the connection');
  const gone = within(5000, 'the disconnection', new Promise((r) => socket.once('disconnect', r)));
  client.close();
  await gone;
}

async function membersCount(client: Client): Promise<number> {
  const view = await ask(client, 'roomView', {});
  return (view.roomStatus as { membersCount: number }).membersCount;
}

describe('room announcements switched off (general.announceRoomChanges false)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ general: { announceRoomChanges: false } });
  });
  after(() => t.close());

  it('joins and leaves happen silently; say and roomView work as ever', async () => {
    const { client: ann } = await t.connect();
    await enter(ann, 'quiet');
    const { client: eve } = await t.connect();
    assert.equal((await ask(eve, 'listenToRoom', { room: 'quiet' })).status, 'OK');
    const annHeard = collectSays(ann);
    const eveHeard = collectSays(eve);

    const { client: bob } = await t.connect();
    await enter(bob, 'quiet');
    assert.equal(await membersCount(ann), 2);
    await enter(bob, 'elsewhere');
    await enter(bob, 'quiet');
    const { client: cat } = await t.connect();
    await enter(cat, 'quiet');
    await close(t, cat); // a disconnection is not announced either
    await flush(bob, ann, 'marker');
    await settled(eve);
    assert.deepEqual(
      annHeard.map((m) => m.message),
      ['marker'],
    );
    assert.deepEqual(
      eveHeard.map((m) => m.message),
      ['marker'],
    );
  });
});

describe('room announcements capped (general.announceMaxMembers)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ general: { announceMaxMembers: 3 } });
  });
  after(() => t.close());

  it('announces in a room of up to 3 members, counting the one who moves, and not past that', async () => {
    const { client: ann } = await t.connect();
    await enter(ann, 'capped');
    const { client: eve } = await t.connect(); // listens: hears what the members hear
    await enter(eve, 'watch');
    assert.equal((await ask(eve, 'listenToRoom', { room: 'capped' })).status, 'OK');
    const annHeard = collectSays(ann);
    const eveHeard = collectSays(eve);
    const { client: bob } = await t.connect();
    const { client: cat } = await t.connect();
    const { client: dan } = await t.connect();
    const expectAnnounced = async (expected: string[]) => {
      await Promise.all([settled(ann), settled(eve)]);
      assert.deepEqual(announcements(annHeard.splice(0)), expected);
      assert.deepEqual(announcements(eveHeard.splice(0)), expected);
    };

    await enter(bob, 'capped'); // 2 members
    await enter(cat, 'capped'); // 3: the cap, still announced
    await expectAnnounced([`${bob.id}: entered`, `${cat.id}: entered`]);

    await enter(dan, 'capped'); // 4: over the cap
    assert.equal(await membersCount(ann), 4, 'roomView counts every member');
    await enter(dan, 'elsewhere'); // leaves a room of 4, itself counted
    await expectAnnounced([]);

    await enter(dan, 'capped');
    await close(t, dan); // disconnects from a room of 4
    await enter(cat, 'elsewhere'); // then leaves a room of 3: announced
    await expectAnnounced([`${cat.id}: left`]);
    assert.equal(await membersCount(ann), 2);
  });

  it('counts each room on its own', async () => {
    const { client: ann } = await t.connect();
    await enter(ann, 'small');
    const annHeard = collectSays(ann);
    const { client: bob } = await t.connect();
    await enter(bob, 'small');
    await flush(bob, ann, 'marker');
    assert.deepEqual(announcements(annHeard), [`${bob.id}: entered`]);
  });
});
