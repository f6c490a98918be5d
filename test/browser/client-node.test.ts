// The generated project's actionHeroWebSocket.js in Node, with socket.io-client, against the
// booted server: promises, callbacks, errors, timeouts, queueing, reconnect and rejoin.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { createProject, type Project } from './project.ts';
import type ClientClass from '../../templates/app/public/javascript/actionHeroWebSocket.js';

type Client = InstanceType<typeof ClientClass>;
type Response = ClientClass.Response;

let project: Project;
let ActionHeroWebSocket: typeof ClientClass;
const clients: Client[] = [];

function connect(options: ClientClass.Options = {}): Client {
  const client = new ActionHeroWebSocket({
    url: project.url,
    io: io as unknown as ClientClass.Io,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    ...options,
  });
  client.on('error', () => undefined); // connect errors during the restart are expected
  clients.push(client);
  return client;
}

/** The next `event` from `client`, bounded. */
function next<T>(
  client: Client,
  event: 'connected' | 'reconnected' | 'say' | 'bye' | 'timeout' | 'disconnected',
  ms = 20000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    client.once(event, ((value: T) => {
      clearTimeout(timer);
      resolve(value);
    }) as never);
  });
}

/** The first `say` matching `text`, bounded. */
function heard(client: Client, text: string, ms = 20000): Promise<ClientClass.SayMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never heard "${text}"`)), ms);
    const listener = (message: ClientClass.SayMessage) => {
      if (message.message !== text) return;
      clearTimeout(timer);
      client.off('say', listener);
      resolve(message);
    };
    client.on('say', listener);
  });
}

before(async () => {
  project = await createProject();
  await project.start();
  const require = createRequire(import.meta.url);
  ActionHeroWebSocket = require(
    `${project.dir}/public/javascript/actionHeroWebSocket.js`,
  ) as typeof ClientClass;
});

after(async () => {
  for (const client of clients) client.quit();
  await project?.remove();
});

describe('actionHeroWebSocket.js in Node', () => {
  test('requests made before the connection are sent once it is up, as Promises', async () => {
    const client = connect();
    const connected = next<ClientClass.Details>(client, 'connected');
    const response = await client.action('randomNumber');
    assert.equal(response.status, 'OK');
    assert.equal(response.context, 'response');
    assert.equal(typeof response.randomNumber, 'number');
    const details = await connected;
    assert.equal(typeof details.id, 'string');
    assert.equal(details.room, 'defaultRoom');
  });

  test('callbacks get (null, response, delta) and cacheTest round-trips', async () => {
    const client = connect();
    const [err, response, delta] = await new Promise<[Error | null, Response?, number?]>(
      (resolve) => {
        const returned = client.action(
          'cacheTest',
          { key: 'node', value: 'from node' },
          (...args) => resolve(args),
        );
        assert.equal(returned, undefined);
      },
    );
    assert.equal(err, null);
    assert.equal(typeof delta, 'number');
    const results = response?.cacheTestResults as { loadResp: { value: string } };
    assert.equal(results.loadResp.value, 'from node');
  });

  test('an error reply rejects with an Error carrying .response, and calls back with it', async () => {
    const client = connect();
    await assert.rejects(client.action('noSuchAction'), (err: ClientClass.RequestError) => {
      assert.equal(err.message, 'Error: noSuchAction is not a known action.');
      assert.equal(err.response?.error, err.message);
      assert.equal(typeof err.response?.messageCount, 'number');
      return true;
    });
    const err = await new Promise<Error | null>((resolve) =>
      client.silenceRoom('never-listened', (error) => resolve(error)),
    );
    assert.match(String(err?.message), /you are not listening to this room/);
  });

  test('a reply clears its timer; a request without a reply times out', async () => {
    const client = connect({ timeout: 300 });
    let timeouts = 0;
    client.on('timeout', () => timeouts++);
    for (let i = 0; i < 3; i++) assert.equal((await client.action('randomNumber')).status, 'OK');
    // A slow request on another client outlasts the 300 ms: a timer left running would fire.
    await connect().action('sleepTest', { sleepDuration: 1000 });
    assert.equal(timeouts, 0);
    const timedOut = next(client, 'timeout');
    await assert.rejects(
      client.action('sleepTest', { sleepDuration: 3000 }),
      (err: ClientClass.RequestError) => {
        assert.equal(err.code, 'ETIMEDOUT');
        return true;
      },
    );
    await timedOut;
    assert.equal(timeouts, 1);
  });

  test('chat: say reaches the others in the room, not the sender', async () => {
    const a = connect();
    const b = connect();
    await Promise.all([a.roomChange('nodeChat'), b.roomChange('nodeChat')]);
    let echoed = false;
    a.on('say', (m) => (echoed ||= m.message === 'hi from a'));
    const arrived = heard(b, 'hi from a');
    assert.equal((await a.say('hi from a')).status, 'OK');
    const message = await arrived;
    assert.equal(message.room, 'nodeChat');
    assert.equal(message.from, (await a.detailsView()).details?.id);
    // b answers; once a hears it, a would have heard its own message before.
    const back = heard(a, 'hi from b');
    await b.say('hi from b');
    await back;
    assert.equal(echoed, false);
  });

  test('after a server restart the client reconnects, rejoins its rooms and reports fresh details', async () => {
    const client = connect();
    await next(client, 'connected');
    await client.roomChange('nodeRestart');
    await client.listenToRoom('nodeListened');
    const before = client.details?.id ?? (await client.detailsView()).details?.id;
    const bye = next(client, 'bye');
    const reconnected = next(client, 'reconnected', 60000);
    const connected = next<ClientClass.Details>(client, 'connected', 60000);
    await project.restart();
    await bye;
    await reconnected;
    const details = await connected;
    assert.notEqual(details.id, before);
    assert.equal(details.room, 'nodeRestart');
    assert.deepEqual(details.listeningRooms, ['nodeListened']);
    assert.equal(client.state, 'connected');

    // And the server agrees: another client in that room hears it.
    const other = connect();
    await other.roomChange('nodeRestart');
    const arrived = heard(other, 'back again');
    await client.say('back again');
    await arrived;
  });

  test('without an `io` option it finds socket.io-client by itself', async () => {
    const client = new ActionHeroWebSocket({ url: project.url });
    clients.push(client);
    assert.equal((await client.action('status')).status, 'OK');
  });

  test('quit stops the client for good', async () => {
    const client = connect();
    await next(client, 'connected');
    const disconnected = next<string>(client, 'disconnected');
    client.quit();
    assert.equal(typeof (await disconnected), 'string');
    assert.equal(client.state, 'quit');
    await assert.rejects(client.action('randomNumber'), /quit/);
  });
});
