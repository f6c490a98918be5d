// The wire protocol: welcome, replies, messageCount, every verb and error, bad payloads.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ask, loose, next, startServer, within, type TestServer } from './helpers.js';

describe('wire protocol', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ general: { simultaneousActions: 3 } });
  });
  after(() => t.close());

  it('welcomes into the default room', async () => {
    const { welcome } = await t.connect();
    assert.deepEqual(welcome, {
      welcome: 'Hello! Welcome to the actionHero api',
      room: 'defaultRoom',
      context: 'api',
    });
  });

  it('answers through the ack, or as a response event when there is none (never both)', async () => {
    const { client } = await t.connect();
    let responses = 0;
    client.on('response', () => responses++);
    const viaAck = await ask(client, 'action', { action: 'randomNumber' });
    assert.equal(viaAck.status, 'OK');
    assert.equal(viaAck.context, 'response');
    assert.equal(viaAck.messageCount, 1);
    assert.equal(typeof viaAck.randomNumber, 'number');
    assert.equal(responses, 0);
    const viaEvent = next(client, 'response');
    loose(client).emit('action', { action: 'randomNumber' });
    const reply = await viaEvent;
    assert.equal(reply.messageCount, 2);
    assert.equal(reply.status, 'OK');
  });

  it('counts messages over every verb, unknown verbs included', async () => {
    const { client } = await t.connect();
    assert.equal((await ask(client, 'detailsView', {})).messageCount, 1);
    assert.equal((await ask(client, 'nope', {})).messageCount, 2);
    assert.equal((await ask(client, 'say', { message: 'hi' })).messageCount, 3);
    assert.equal((await ask(client, 'action', { action: 'status' })).messageCount, 4);
  });

  it('runs actions over the wire with their context: config, cache, requester', async () => {
    // What each action answers is tested in test/actions/; here, that the socket reaches them.
    const { client } = await t.connect();
    const status = await ask(client, 'action', { action: 'status' });
    assert.equal(status.serverName, 'actionhero-ws');
    assert.equal(status.requester, client.id);
    // The app's own cache: Redis when REDIS_URL is set (see helpers.ts), else in memory.
    const cache = await ask(client, 'action', { action: 'cacheTest', key: 'k', value: 'v' });
    const results = cache.cacheTestResults as Record<string, unknown> & {
      loadResp: Record<string, unknown>;
    };
    assert.equal(results.saveResp, true);
    assert.equal(results.sizeResp, 1);
    assert.equal(results.deleteResp, true);
    assert.equal(results.loadResp.key, 'cacheTest_k');
    assert.equal(results.loadResp.value, 'v');
    assert.equal(results.loadResp.expireTimestamp, (results.loadResp.createdAt as number) + 5000);
    const slept = await ask(client, 'action', { action: 'sleepTest', sleepDuration: 10 });
    assert.equal(slept.sleepDuration, 10);
  });

  it('actionsView lists every action the registry found, sorted, the shipped ones among them', async () => {
    const { client } = await t.connect();
    const view = await ask(client, 'action', { action: 'actionsView' });
    const names = (view.actions as { name: string }[]).map((a) => a.name);
    // Your own actions appear here too: compare with what was discovered, not a fixed list.
    assert.deepEqual(
      names,
      [...t.app.actions.keys()].sort((a, b) => a.localeCompare(b)),
    );
    for (const shipped of ['actionsView', 'cacheTest', 'randomNumber', 'sleepTest', 'status']) {
      assert.ok(names.includes(shipped), `${shipped} is listed`);
    }
  });

  it('gives each concurrent reply its own messageCount', async () => {
    const { client } = await t.connect();
    const slow = ask(client, 'action', { action: 'sleepTest', sleepDuration: 200 });
    const fast = ask(client, 'action', { action: 'randomNumber' });
    const [s, f] = await Promise.all([slow, fast]);
    assert.equal(s.messageCount, 1);
    assert.equal(typeof s.sleepDelta, 'number');
    assert.equal(f.messageCount, 2);
    assert.equal(typeof f.randomNumber, 'number');
  });

  it('refuses requests past simultaneousActions, then recovers', async () => {
    const { client } = await t.connect();
    const replies = await Promise.all(
      [1, 2, 3, 4, 5].map(() => ask(client, 'action', { action: 'sleepTest', sleepDuration: 100 })),
    );
    assert.deepEqual(
      replies.map((r) => r.error ?? r.status),
      [
        'OK',
        'OK',
        'OK',
        'you have too many pending requests',
        'you have too many pending requests',
      ],
    );
    assert.equal((await ask(client, 'action', { action: 'randomNumber' })).status, 'OK');
  });

  it('reports unknown actions, missing and bad params, word for word', async () => {
    const { client } = await t.connect();
    assert.equal(
      (await ask(client, 'action', { action: 'nope' })).error,
      'Error: nope is not a known action.',
    );
    assert.equal(
      (await ask(client, 'action', { action: 'cacheTest', key: 'k' })).error,
      'Error: value is a required parameter for this action',
    );
    const bad = await ask(client, 'action', { action: 'cacheTest', key: 42, value: 'v' });
    assert.match(bad.error ?? '', /^Error: key /);
    assert.equal(bad.status, undefined);
    const badSleep = await ask(client, 'action', { action: 'sleepTest', sleepDuration: 'long' });
    assert.match(badSleep.error ?? '', /^Error: sleepDuration /);
  });

  it('non-object payloads get an error, with and without an ack', async () => {
    const { client } = await t.connect();
    for (const payload of [null, 'str', [], 42]) {
      const reply = await ask(client, 'action', payload);
      assert.equal(reply.error, 'Error: payload must be an object', JSON.stringify(payload));
      const response = next(client, 'response');
      loose(client).emit('action', payload);
      assert.equal((await response).error, 'Error: payload must be an object');
    }
    assert.equal(
      (await ask(client, 'action', {})).error,
      'Error: action must be a string naming an action',
    );
    assert.equal((await ask(client, 'action')).error, 'Error: payload must be an object');
    assert.equal((await ask(client, 'action', { action: 'status' })).status, 'OK');
  });

  it('prototype names and odd names are unknown actions', async () => {
    const { client } = await t.connect();
    const long = 'a'.repeat(10_000);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '', long]) {
      assert.equal(
        (await ask(client, 'action', { action: name })).error,
        `Error: ${name} is not a known action.`,
      );
    }
  });

  it('prototype pollution goes nowhere; undeclared params never reach the action', async () => {
    const { client } = await t.connect();
    const payload: unknown = JSON.parse(
      '{"action":"cacheTest","key":"k","value":"v","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"extra":1}',
    );
    assert.equal((await ask(client, 'action', payload)).status, 'OK');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const details = (await ask(client, 'detailsView', {})).details as {
      params: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(details.params).sort(), ['key', 'value']);
  });

  it('params are not sticky', async () => {
    const { client } = await t.connect();
    await ask(client, 'action', { action: 'cacheTest', key: 'k', value: 'v' });
    assert.equal(
      (await ask(client, 'action', { action: 'cacheTest', key: 'k' })).error,
      'Error: value is a required parameter for this action',
    );
  });

  it('unknown verbs, with and without an ack', async () => {
    const { client } = await t.connect();
    assert.equal(
      (await ask(client, 'fly', {})).error,
      'Error: verb not found or not allowed (fly)',
    );
    assert.equal(
      (await ask(client, 'constructor', {})).error,
      'Error: verb not found or not allowed (constructor)',
    );
    const response = next(client, 'response');
    loose(client).emit('toString');
    assert.equal((await response).error, 'Error: verb not found or not allowed (toString)');
    loose(client).emit('error', 'x');
    assert.equal((await ask(client, 'action', { action: 'randomNumber' })).status, 'OK');
  });

  it('detailsView shows the connection', async () => {
    const { client } = await t.connect();
    await ask(client, 'action', { action: 'cacheTest', key: 'a', value: 'b' });
    const reply = await ask(client, 'detailsView', {});
    const d = reply.details as Record<string, unknown>;
    assert.equal(d.id, client.id);
    assert.equal(d.remoteIP, '127.0.0.1');
    assert.equal(typeof d.remotePort, 'number');
    assert.equal(typeof d.connectedAt, 'number');
    assert.equal(d.room, 'defaultRoom');
    assert.deepEqual(d.listeningRooms, []);
    assert.deepEqual(d.params, { key: 'a', value: 'b' });
    assert.equal(d.totalActions, 1);
    assert.equal(d.pendingActions, 0);
  });

  for (const verb of ['quit', 'exit', 'close']) {
    it(`${verb} disconnects`, async () => {
      const { client } = await t.connect();
      const gone = within(
        5000,
        'disconnect',
        new Promise((resolve) => client.once('disconnect', resolve)),
      );
      loose(client).emit(verb);
      assert.equal(await gone, 'io server disconnect');
    });
  }

  it('works over polling too', async () => {
    const { client } = await t.connect({ transports: ['polling'] });
    assert.equal((await ask(client, 'action', { action: 'randomNumber' })).status, 'OK');
  });

  it('serves the client config', async () => {
    const res = await fetch(`${t.url}/actionhero-ws/config.js`);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(
      await res.text(),
      'window.ActionHeroWebSocketConfig = {"path":"/socket.io","transports":["websocket","polling"]};\n',
    );
    const json = await (await fetch(`${t.url}/actionhero-ws/config.json`)).json();
    assert.deepEqual(json, { path: '/socket.io', transports: ['websocket', 'polling'] });
  });
});
