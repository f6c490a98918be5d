// Middleware on a real server: action middleware (order, refusals over socket.io and HTTP, context,
// results), connection middleware at the handshake, chat middleware on rooms and messages, and a
// middleware that throws in each hook (the internal error or a refusal, logged with its name, and
// the server goes on). The middleware are given to the server here; test/fixtures/actions/ holds
// two actions that report what their middleware did. Start-up checks come last.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  defineActionMiddleware,
  defineChatMiddleware,
  defineConnectionMiddleware,
  refuse,
  type ActionData,
  type AppContext,
  type Middleware,
} from '../src/core/middleware.js';
import { loadMiddleware, middlewareSet } from '../src/core/middleware-registry.js';
import type { LeaveData } from '../src/core/middleware.js';
import {
  ask,
  capturedLog,
  collectSays,
  next,
  rawGet,
  startServer,
  within,
  type TestServer,
} from './helpers.js';

const fixtures = new URL('./fixtures/actions/', import.meta.url);

/** Every preProcessor adds its name to the trace the fixture actions answer with. */
function traced(name: string, priority?: number, global = true): Middleware {
  return defineActionMiddleware({
    name,
    global,
    priority,
    preProcessor({ ctx }) {
      const trace = (ctx.locals.trace as string[] | undefined) ?? [];
      ctx.locals.trace = [...trace, name];
    },
  });
}

/** Decides by the request's `word`: the refusals of each status, a throw, a rejection. */
const gate = defineActionMiddleware({
  name: 'gate',
  global: true,
  priority: 1,
  preProcessor({ params, ctx }: ActionData, app: AppContext) {
    switch (params.word) {
      case 'where':
        refuse(`this is ${app.config.general.serverName}`);
        break;
      case 'forbidden':
        refuse('you may not say that');
        break;
      case 'unsigned':
        refuse('you must sign in', 401);
        break;
      case 'flood':
        refuse('too many requests (retry in 10 ms)', 429);
        break;
      case 'boom':
        throw new Error('gate exploded');
      case 'reject':
        return Promise.reject(new Error('gate rejected'));
      case 'later':
        return sleep(5);
      case 'sign-in':
        ctx.user = { sub: 'ann' };
        break;
    }
  },
});

const shape = defineActionMiddleware({
  name: 'shape',
  global: true,
  postProcessor(data) {
    if (data.response.word === 'post') data.response.changed = true;
    if (data.response.word === 'replace') data.response = { replaced: true };
    if (data.response.word === 'post-boom') throw new Error('shape exploded');
  },
});

const destroyed: string[] = [];
const door = defineConnectionMiddleware({
  name: 'door',
  async create(connection) {
    const name = connection.handshake.auth.name as unknown;
    if (name === 'mallory') refuse('you may not come in');
    if (name === 'boom') throw new Error('door exploded');
    if (name === 'slow') await sleep(10);
    if (typeof name === 'string') connection.data.user = { sub: name };
  },
  destroy(connection) {
    destroyed.push(connection.id);
    if (connection.data.user?.sub === 'leaves-badly') throw new Error('destroy exploded');
  },
});

const leaves: Omit<LeaveData, 'connection'>[] = [];
const rooms = defineChatMiddleware({
  name: 'rooms',
  join({ room }, { config }) {
    if (room === 'vault') refuse('you may not join this room');
    if (room === 'where') refuse(`this is ${config.general.serverName}`);
    if (room === 'boom-room') throw new Error('join exploded');
    if (room === 'slow-room') return sleep(10);
  },
  leave({ room, mode, listening }) {
    leaves.push({ room, mode, listening });
  },
  onSayReceive({ message }) {
    if (message.message === 'darn it') message.message = '**** it';
    if (message.message === 'rude') refuse('mind your language');
    if (message.message === 'boom') throw new Error('onSayReceive exploded');
  },
  say({ connection, message }) {
    if (message.message === 'say-boom') throw new Error('say exploded');
    if (connection.data.user?.sub === 'deaf') return false;
  },
});

const everything: Middleware[] = [
  traced('g2', 5),
  traced('g1', 5),
  traced('late'),
  traced('listedA', 1000, false),
  traced('listedB', 10, false),
  gate,
  shape,
  door,
  rooms,
];

/** The log lines at error level that name `middleware`. */
function failures(lines: Record<string, unknown>[], middleware: string): Record<string, unknown>[] {
  return lines.filter((line) => line.level === 50 && line.middleware === middleware);
}

describe('middleware', () => {
  let t: TestServer;
  const { log, lines } = capturedLog();
  before(async () => {
    t = await startServer({}, 5000, { actionsDir: fixtures, middleware: everything, log });
  });
  after(() => t.close());

  describe('action middleware', () => {
    it('runs the global ones for every action, the listed ones where listed: by priority, then name', async () => {
      const { client } = await t.connect();
      assert.deepEqual((await ask(client, 'action', { action: 'traced' })).trace, [
        'g1',
        'g2',
        'late',
      ]);
      assert.deepEqual((await ask(client, 'action', { action: 'guarded' })).trace, [
        'g1',
        'g2',
        'listedB',
        'late',
        'listedA',
      ]);
      const http = JSON.parse((await rawGet(t.port, '/api/guarded')).body) as { trace: string[] };
      assert.deepEqual(http.trace, ['g1', 'g2', 'listedB', 'late', 'listedA']);
    });

    it('a refusal reaches the client as its error, and over HTTP with its status', async () => {
      const { client } = await t.connect();
      const refused = await ask(client, 'action', { action: 'traced', word: 'forbidden' });
      assert.deepEqual(refused, {
        error: 'Error: you may not say that',
        context: 'response',
        messageCount: 1,
      });
      const cases = [
        ['where', 403, 'Error: this is actionhero-ws'],
        ['forbidden', 403, 'Error: you may not say that'],
        ['unsigned', 401, 'Error: you must sign in'],
        ['flood', 429, 'Error: too many requests (retry in 10 ms)'],
      ] as const;
      for (const [word, status, error] of cases) {
        for (const action of ['traced', 'guarded']) {
          const res = await rawGet(t.port, `/api/${action}?word=${word}`);
          assert.equal(res.status, status, `${action} ${word}`);
          assert.equal((JSON.parse(res.body) as { error: string }).error, error);
        }
      }
    });

    it('a preProcessor may set the user: for the connection over socket.io, for the request over HTTP', async () => {
      const { client } = await t.connect();
      assert.equal((await ask(client, 'action', { action: 'traced' })).user, null);
      assert.equal(
        (await ask(client, 'action', { action: 'traced', word: 'sign-in' })).user,
        'ann',
      );
      assert.equal((await ask(client, 'action', { action: 'guarded' })).user, 'ann');
      const signed = JSON.parse((await rawGet(t.port, '/api/traced?word=sign-in')).body) as {
        user: string;
      };
      assert.equal(signed.user, 'ann');
      const later = JSON.parse((await rawGet(t.port, '/api/traced')).body) as { user: null };
      assert.equal(later.user, null);
    });

    it('a postProcessor may change the result, or replace it', async () => {
      const { client } = await t.connect();
      const changed = await ask(client, 'action', { action: 'traced', word: 'post' });
      assert.equal(changed.changed, true);
      assert.equal(changed.status, 'OK');
      const replaced = await ask(client, 'action', { action: 'guarded', word: 'replace' });
      assert.deepEqual(replaced, {
        replaced: true,
        context: 'response',
        messageCount: 2,
        status: 'OK',
      });
      const http = await rawGet(t.port, '/api/traced?word=replace');
      assert.equal((JSON.parse(http.body) as { replaced: boolean }).replaced, true);
    });

    it('an asynchronous preProcessor is awaited, in its place in the order', async () => {
      const { client } = await t.connect();
      const reply = await ask(client, 'action', { action: 'guarded', word: 'later' });
      assert.deepEqual(reply.trace, ['g1', 'g2', 'listedB', 'late', 'listedA']);
    });

    it('a preProcessor or postProcessor that throws or rejects: the internal error, logged with its name', async () => {
      const { client } = await t.connect();
      const internal = 'Error: The server experienced an internal error';
      for (const [word, name] of [
        ['boom', 'gate'],
        ['reject', 'gate'],
        ['post-boom', 'shape'],
      ] as const) {
        const before = failures(lines, name).length;
        for (const action of ['traced', 'guarded']) {
          const reply = await ask(client, 'action', { action, word });
          assert.equal(reply.error, internal, `${action} ${word}`);
          const res = await rawGet(t.port, `/api/${action}?word=${word}`);
          assert.equal(res.status, 500);
          assert.equal((JSON.parse(res.body) as { error: string }).error, internal);
        }
        const logged = failures(lines, name).slice(before);
        assert.equal(logged.length, 4, `${word} logged with ${name}`);
        assert.match(String(logged[0]?.msg), new RegExp(`middleware ${name} failed`));
        assert.match(JSON.stringify(logged[0]?.err), /exploded|rejected/);
      }
      assert.equal((await ask(client, 'action', { action: 'traced' })).status, 'OK');
    });
  });

  describe('connection middleware', () => {
    it('create may refuse at the handshake: connect_error with the text', async () => {
      const err = (await t.connect({ auth: { name: 'mallory' } }).then(
        () => assert.fail('mallory was let in'),
        (error: unknown) => error,
      )) as Error & { data?: unknown };
      assert.equal(err.message, 'Error: you may not come in');
      assert.deepEqual(err.data, { status: 403 });
    });

    it('create that throws: the internal error at the handshake, logged with its name', async () => {
      const before = failures(lines, 'door').length;
      const err = (await t.connect({ auth: { name: 'boom' } }).then(
        () => assert.fail('the connection was let in'),
        (error: unknown) => error,
      )) as Error & { data?: unknown };
      assert.equal(err.message, 'Error: The server experienced an internal error');
      assert.deepEqual(err.data, { status: 500 });
      assert.equal(failures(lines, 'door').length, before + 1);
      const { client } = await t.connect({ auth: { name: 'slow' } });
      assert.equal((await ask(client, 'action', { action: 'traced' })).user, 'slow');
    });

    it('destroy runs when a connection goes; one that throws is logged', async () => {
      const { client } = await t.connect({ auth: { name: 'leaves-badly' } });
      const id = client.id;
      const before = failures(lines, 'door').length;
      client.close();
      await within(
        5000,
        'destroy',
        waitFor(() => destroyed.includes(id ?? '')),
      );
      await within(
        5000,
        'the log',
        waitFor(() => failures(lines, 'door').length > before),
      );
      const { client: other } = await t.connect();
      assert.equal((await ask(other, 'detailsView', {})).status, 'OK');
    });
  });

  describe('chat middleware', () => {
    it('join may refuse roomChange and listenToRoom; one that throws gives the internal error', async () => {
      const { client } = await t.connect();
      for (const verb of ['roomChange', 'listenToRoom']) {
        const refused = await ask(client, verb, { room: 'vault' });
        assert.equal(refused.error, 'Error: you may not join this room', verb);
        const where = await ask(client, verb, { room: 'where' });
        assert.equal(where.error, 'Error: this is actionhero-ws', verb);
        const before = failures(lines, 'rooms').length;
        const failed = await ask(client, verb, { room: 'boom-room' });
        assert.equal(failed.error, 'Error: The server experienced an internal error', verb);
        assert.equal(failures(lines, 'rooms').length, before + 1);
      }
      const details = (await ask(client, 'detailsView', {})).details as {
        room: string;
        listeningRooms: string[];
      };
      assert.equal(details.room, 'defaultRoom');
      assert.deepEqual(details.listeningRooms, []);
      assert.equal((await ask(client, 'roomChange', { room: 'slow-room' })).room, 'slow-room');
      assert.equal((await ask(client, 'listenToRoom', { room: 'slow-room' })).status, 'OK');
    });

    it('leave is told of roomChange, silenceRoom and disconnect', async () => {
      const { client } = await t.connect();
      await ask(client, 'roomChange', { room: 'first' });
      await ask(client, 'listenToRoom', { room: 'heard' });
      await ask(client, 'silenceRoom', { room: 'heard' });
      await ask(client, 'listenToRoom', { room: 'heard-too' });
      const from = leaves.length;
      assert.deepEqual(leaves.slice(from - 2), [
        { room: 'defaultRoom', mode: 'roomChange', listening: false },
        { room: 'heard', mode: 'silenceRoom', listening: true },
      ]);
      client.close();
      await within(
        5000,
        'leave',
        waitFor(() => leaves.length === from + 2),
      );
      assert.deepEqual(leaves.slice(from), [
        { room: 'first', mode: 'disconnect', listening: false },
        { room: 'heard-too', mode: 'disconnect', listening: true },
      ]);
    });

    it('onSayReceive may rewrite a message, or refuse it; one that throws gives the internal error', async () => {
      const { client: ann } = await t.connect();
      const { client: bob } = await t.connect();
      await ask(ann, 'roomChange', { room: 'words' });
      await ask(bob, 'roomChange', { room: 'words' });
      const bobSays = collectSays(bob);
      assert.equal((await ask(ann, 'say', { message: 'darn it' })).status, 'OK');
      assert.equal((await ask(ann, 'say', { message: 'rude' })).error, 'Error: mind your language');
      const before = failures(lines, 'rooms').length;
      assert.equal(
        (await ask(ann, 'say', { message: 'boom' })).error,
        'Error: The server experienced an internal error',
      );
      assert.equal(failures(lines, 'rooms').length, before + 1);
      assert.equal((await ask(ann, 'say', { message: 'still here' })).status, 'OK');
      await ask(bob, 'detailsView', {});
      assert.deepEqual(
        bobSays.map((said) => said.message),
        ['**** it', 'still here'],
      );
    });

    it('say runs per recipient: it may keep a message from one; one that throws keeps it from all', async () => {
      const { client: ann } = await t.connect();
      const { client: bob } = await t.connect();
      const { client: deaf } = await t.connect({ auth: { name: 'deaf' } });
      for (const client of [ann, bob, deaf]) await ask(client, 'roomChange', { room: 'hall' });
      const bobSays = collectSays(bob);
      const deafSays = collectSays(deaf);
      const heard = next(bob, 'say');
      assert.equal((await ask(ann, 'say', { message: 'hello' })).status, 'OK');
      assert.equal((await heard).message, 'hello');

      const before = failures(lines, 'rooms').length;
      assert.equal((await ask(ann, 'say', { message: 'say-boom' })).status, 'OK');
      assert.equal(failures(lines, 'rooms').length, before + 2); // bob's copy and deaf's
      assert.equal((await ask(ann, 'say', { message: 'after' })).status, 'OK');
      await ask(bob, 'detailsView', {});
      await ask(deaf, 'detailsView', {});
      assert.deepEqual(
        bobSays.map((said) => said.message),
        ['hello', 'after'],
      );
      assert.deepEqual(deafSays, []);
    });
  });
});

describe('chat middleware across nodes (with REDIS_URL)', { skip: !process.env.REDIS_URL }, () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    // Two nodes on one Redis key prefix: the same cluster, as two processes of a project would be.
    const redis = {
      enable: true,
      url: process.env.REDIS_URL,
      keyPrefix: `test:${process.pid}:middleware-nodes:`,
    };
    a = await startServer({ redis }, 5000, { middleware: [door, rooms] });
    b = await startServer({ redis }, 5000, { middleware: [door, rooms] });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it("say runs on each recipient's own node, once per recipient", async () => {
    const { client: ann } = await a.connect();
    const { client: bob } = await b.connect();
    const { client: deaf } = await b.connect({ auth: { name: 'deaf' } });
    const { client: cat } = await a.connect();
    for (const client of [ann, bob, deaf, cat]) await ask(client, 'roomChange', { room: 'nodes' });
    const says = [bob, deaf, cat].map((client) => collectSays(client));
    // The adapter's subscriptions settle asynchronously: say until the other node hears.
    await within(
      10_000,
      'the other node',
      (async () => {
        const heard = next(bob, 'say', 10_000);
        while (!says[0]?.some((said) => said.message === 'ping')) {
          await ask(ann, 'say', { message: 'ping' });
          await sleep(50);
        }
        await heard;
      })(),
    );
    for (const list of says) list.length = 0;
    const atBob = next(bob, 'say');
    assert.equal((await ask(ann, 'say', { message: 'darn it' })).status, 'OK');
    assert.equal((await atBob).message, '**** it');
    await ask(ann, 'say', { message: 'last' });
    await within(
      5000,
      'last',
      waitFor(() => says.every((list, i) => i === 1 || list.length >= 2)),
    );
    await ask(deaf, 'detailsView', {});
    assert.deepEqual(
      says.map((list) => list.map((said) => said.message)),
      [['**** it', 'last'], [], ['**** it', 'last']],
    );
  });
});

/** Resolves once `done()` holds (bounded by the caller's within()). */
async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await sleep(10);
}

describe('middleware at start-up', () => {
  const dirs: string[] = [];
  /** A folder of middleware files, as plain objects (the loader checks them as it would ours). */
  function folder(files: Record<string, string>): URL {
    const dir = mkdtempSync(join(tmpdir(), 'middleware-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return pathToFileURL(`${dir}/`);
  }
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('finds one middleware per file, as actions are found, and orders them', async () => {
    const found = await loadMiddleware(
      folder({
        'zeta.ts': `export default { kind: 'action', name: 'zeta', global: true, preProcessor() {} };`,
        'alpha.ts': `export default { kind: 'chat', name: 'alpha', say() {} };`,
        'first.ts': `export default { kind: 'connection', name: 'first', priority: 1, create() {} };`,
        '_draft.ts': `export default { kind: 'action', name: 'zeta', preProcessor() {} };`,
        'zeta.test.ts': `export default { kind: 'action', name: 'zeta', preProcessor() {} };`,
        'shared.ts': `export const helper = 1;`,
        'README.md': '# not code',
      }),
    );
    assert.deepEqual(
      found.map((m) => m.name),
      ['alpha', 'first', 'zeta'],
    );
    const set = middlewareSet(found, {} as AppContext); // no hook is called here
    assert.deepEqual(
      set.list.map((m) => m.name),
      ['first', 'alpha', 'zeta'],
    );
    assert.deepEqual(
      set.say.map((hook) => hook.name),
      ['alpha'],
    );
    assert.deepEqual(await loadMiddleware(new URL('./no-such-folder/', fixtures)), []);
  });

  it('refuses two middleware with one name, and a file that is no middleware, naming the file', async () => {
    await assert.rejects(
      loadMiddleware(
        folder({
          'a.ts': `export default { kind: 'chat', name: 'same', join() {} };`,
          'b.ts': `export default { kind: 'action', name: 'same', preProcessor() {} };`,
        }),
      ),
      /Two middleware are named "same" \(in a\.ts and b\.ts\)/,
    );
    await assert.rejects(
      loadMiddleware(folder({ 'odd.ts': `export default { name: 'odd', preProcessor() {} };` })),
      /src\/middleware\/odd\.ts has no kind/,
    );
    await assert.rejects(
      loadMiddleware(folder({ 'idle.ts': `export default { kind: 'action', name: 'idle' };` })),
      /idle\.ts defines none of preProcessor, postProcessor/,
    );
  });

  it('refuses an action that lists a middleware no action middleware is named, naming both', async () => {
    const only = everything.filter((m) => m.name !== 'listedA');
    await assert.rejects(
      startServer({}, 5000, { actionsDir: fixtures, middleware: only }),
      /The action "guarded" lists the middleware "listedA", but no action middleware is named "listedA"/,
    );
    const wrongKind = [...only, defineChatMiddleware({ name: 'listedA', join() {} })];
    await assert.rejects(
      startServer({}, 5000, { actionsDir: fixtures, middleware: wrongKind }),
      /"listedA" is a chat middleware: an action lists action middleware only/,
    );
  });
});
