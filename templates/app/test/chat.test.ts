// Chat rooms: say, roomChange, listenToRoom, silenceRoom, roomView, between several clients.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ask, collectSays, loose, next, startServer, type TestServer } from './helpers.js';

describe('chat', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('says to the others in the room and its listeners, not to the sender', async () => {
    const { client: ann } = await t.connect();
    await ask(ann, 'roomChange', { room: 'lobby' });
    const { client: bob } = await t.connect();
    const bobEnters = next(ann, 'say');
    assert.deepEqual(await ask(bob, 'roomChange', { room: 'lobby' }), {
      room: 'lobby',
      context: 'response',
      messageCount: 1,
      status: 'OK',
    });
    const entered = await bobEnters;
    assert.equal(entered.message, 'I have entered the room');
    assert.equal(entered.from, bob.id);

    const { client: eve } = await t.connect(); // stays in defaultRoom, listens to lobby
    assert.equal((await ask(eve, 'listenToRoom', { room: 'lobby' })).status, 'OK');
    const annSays = collectSays(ann);

    const atBob = next(bob, 'say');
    const atEve = next(eve, 'say');
    assert.equal((await ask(ann, 'say', { message: 'hello <b>all</b>' })).status, 'OK');
    for (const said of [await atBob, await atEve]) {
      assert.equal(said.message, 'hello <b>all</b>');
      assert.equal(said.room, 'lobby');
      assert.equal(said.from, ann.id);
      assert.equal(said.context, 'user');
      assert.equal(typeof said.sentAt, 'number');
    }
    // A round trip after the say: had the sender been sent its own say, it would have arrived first.
    await ask(ann, 'detailsView', {});
    assert.equal(annSays.length, 0);

    const view = await ask(ann, 'roomView', {});
    const status = view.roomStatus as { room: string; members: string[]; membersCount: number };
    assert.equal(view.room, 'lobby');
    assert.equal(status.membersCount, 2);
    assert.deepEqual([...status.members].sort(), [ann.id, bob.id].sort());

    assert.equal((await ask(eve, 'silenceRoom', { room: 'lobby' })).status, 'OK');
    const eveSays = collectSays(eve);
    const atBob2 = next(bob, 'say');
    await ask(ann, 'say', { message: 'second' });
    assert.equal((await atBob2).message, 'second');
    await ask(eve, 'detailsView', {});
    assert.equal(eveSays.length, 0);

    const bobLeaves = next(ann, 'say');
    await ask(bob, 'roomChange', { room: 'elsewhere' });
    assert.equal((await bobLeaves).message, 'I have left the room');
  });

  it('listen and silence errors', async () => {
    const { client } = await t.connect();
    assert.equal((await ask(client, 'listenToRoom', { room: 'x' })).status, 'OK');
    assert.equal(
      (await ask(client, 'listenToRoom', { room: 'x' })).error,
      'you are already listening to this room',
    );
    assert.equal(
      (await ask(client, 'silenceRoom', { room: 'y' })).error,
      'you are not listening to this room',
    );
    const details = (await ask(client, 'detailsView', {})).details as { listeningRooms: string[] };
    assert.deepEqual(details.listeningRooms, ['x']);
  });

  it('bad messages and rooms are refused, naming the field, and nothing is broadcast', async () => {
    const { client: ann } = await t.connect();
    const { client: bob } = await t.connect();
    const bobSays = collectSays(bob);
    for (const payload of [
      {},
      { message: 42 },
      { message: '' },
      { message: 'x'.repeat(10_000) },
      null,
      'str',
    ]) {
      assert.match(
        (await ask(ann, 'say', payload)).error ?? '',
        /^Error: message /,
        JSON.stringify(payload),
      );
    }
    for (const payload of [
      {},
      { room: 42 },
      { room: '' },
      { room: 'x'.repeat(10_000) },
      { room: 'a\nb' },
    ]) {
      assert.match(
        (await ask(ann, 'roomChange', payload)).error ?? '',
        /^Error: room /,
        JSON.stringify(payload),
      );
      assert.match((await ask(ann, 'listenToRoom', payload)).error ?? '', /^Error: room /);
    }
    const response = next(ann, 'response');
    loose(ann).emit('say', { message: 42 });
    assert.match((await response).error ?? '', /^Error: message /);
    await ask(bob, 'detailsView', {});
    assert.equal(bobSays.length, 0);
    assert.equal(
      ((await ask(ann, 'detailsView', {})).details as { room: string }).room,
      'defaultRoom',
    );
  });

  it('announces a leave when a client disconnects', async () => {
    const { client: ann } = await t.connect();
    await ask(ann, 'roomChange', { room: 'bye-room' });
    const { client: bob } = await t.connect();
    await ask(bob, 'roomChange', { room: 'bye-room' });
    const left = next(ann, 'say');
    bob.close();
    const said = await left;
    assert.equal(said.message, 'I have left the room');
    assert.equal(said.room, 'bye-room');
  });
});
