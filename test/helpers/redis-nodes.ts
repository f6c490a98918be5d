// What the Redis e2e tests share: a Redis-mode project with two test-only cache actions, its
// redis config switched per suite, clients of its nodes, and the checks that two nodes act as one
// (chat both ways, roomView across nodes, one cache) or at least stay up on their own.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { waitUntil } from './process.js';
import { createProject, type Project } from './project.js';
import { welcomed, type Transport } from './socket.js';

export interface Reply {
  status?: string;
  error?: string;
  [key: string]: unknown;
}

/** Test-only actions, so one node can save a key and another load it. */
const FIXTURE_ACTIONS: Record<string, string> = {
  'cacheSave.ts': `import { defineAction } from '../core/action.js';
export default defineAction<{ key: string; value: string }>({
  name: 'cacheSave',
  description: 'e2e fixture: saves a key for a minute',
  inputs: { key: { required: true, schema: { type: 'string' } }, value: { required: true, schema: { type: 'string' } } },
  async run({ key, value }, { cache }) {
    return { saved: await cache.save(key, value, 60_000) };
  },
});
`,
  'cacheLoad.ts': `import { defineAction } from '../core/action.js';
export default defineAction<{ key: string }>({
  name: 'cacheLoad',
  description: 'e2e fixture: loads a key',
  inputs: { key: { required: true, schema: { type: 'string' } } },
  async run({ key }, { cache }) {
    return { loaded: (await cache.load(key)).value };
  },
});
`,
};

/** A generated, built Redis-mode project with the cacheSave and cacheLoad fixture actions. */
export async function createRedisProject(flags: string[] = []): Promise<Project> {
  const project = await createProject({ flags: ['--redis', ...flags] });
  for (const [file, source] of Object.entries(FIXTURE_ACTIONS))
    writeFileSync(join(project.dir, 'src/actions', file), source);
  const built = await project.npm(['run', 'build']);
  assert.equal(built.code, 0, built.stdout + built.stderr);
  return project;
}

/**
 * Rewrites fields of config/config.json (read by each node at start), so one built project
 * serves every adapter and topology: `{ redis: { adapter: 'streams' } }`.
 */
export function patchConfig(
  project: Project,
  patch: Record<string, Record<string, unknown>>,
): void {
  const file = join(project.dir, 'config/config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  for (const [section, fields] of Object.entries(patch))
    config[section] = { ...config[section], ...fields };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

const sockets: Socket[] = [];

/** A connected client that has had its welcome (bounded); closed by closeClients(). */
export async function connect(
  url: string,
  transports: Transport[] = ['websocket'],
): Promise<Socket> {
  const socket = await welcomed(url, transports);
  sockets.push(socket);
  return socket;
}

export function closeClients(): void {
  for (const socket of sockets.splice(0)) socket.close();
}

export function ask(
  socket: Socket,
  event: string,
  payload: unknown = {},
  ms = 10_000,
): Promise<Reply> {
  return socket.timeout(ms).emitWithAck(event, payload) as Promise<Reply>;
}

export async function idOf(socket: Socket): Promise<string> {
  const reply = await ask(socket, 'detailsView');
  return (reply.details as { id: string }).id;
}

/** Says something from `from` again and again until `to` hears one of them (bounded). */
export async function sayUntilHeard(from: Socket, to: Socket, ms = 20_000): Promise<void> {
  let heard = false;
  const tag = `ping-${Math.random().toString(36).slice(2)}`;
  const listener = (message: { message: string }): void => {
    if (message.message.startsWith(tag)) heard = true;
  };
  to.on('say', listener);
  try {
    let n = 0;
    await waitUntil(
      async () => {
        if (!heard) await ask(from, 'say', { message: `${tag}-${n++}` });
        return heard;
      },
      'a say to cross from one node to the other',
      ms,
    );
  } finally {
    to.off('say', listener);
  }
}

/** The first `say` whose message is `text` (bounded). */
export function heardSay(
  socket: Socket,
  text: string,
  ms = 10_000,
): Promise<{ from: string; room: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${text}" never arrived`)), ms);
    const listener = (message: { message: string; from: string; room: string }): void => {
      if (message.message !== text) return;
      clearTimeout(timer);
      socket.off('say', listener);
      resolve(message);
    };
    socket.on('say', listener);
  });
}

/** Runs `action` until it answers OK (bounded): the command connection reconnects on its own. */
export async function untilOk(
  socket: Socket,
  payload: Record<string, unknown>,
  ms = 15_000,
): Promise<Reply> {
  let last: Reply = {};
  try {
    await waitUntil(
      async () => {
        last = await ask(socket, 'action', payload);
        return last.error === undefined;
      },
      `${String(payload.action)} to succeed again`,
      ms,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (last answer: ${JSON.stringify(last)})`, {
      cause: err,
    });
  }
  return last;
}

/** The node answers a new client's `status` action. */
export async function alive(url: string): Promise<void> {
  const socket = await connect(url);
  const reply = await ask(socket, 'action', { action: 'status' });
  assert.equal(reply.status, 'OK');
  socket.close();
}

/** Until roomView on `viewer` lists every one of `members` (bounded: the adapter's nodes meet). */
export async function untilRoomViewHas(
  viewer: Socket,
  members: Socket[],
  ms = 20_000,
): Promise<void> {
  const ids = await Promise.all(members.map(idOf));
  let seen: string[] = [];
  await waitUntil(
    async () => {
      const view = await ask(viewer, 'roomView');
      const status = view.roomStatus as { members: string[]; membersCount: number };
      assert.equal(status.membersCount, status.members.length);
      seen = status.members;
      return ids.every((id) => seen.includes(id));
    },
    `roomView to list ${ids.join(', ')} (saw ${seen.join(', ')})`,
    ms,
  );
}

/**
 * Two nodes acting as one: `say` crosses both ways (and carries its sender and room), roomView
 * lists the members of both, a key saved on one node is loaded on the other, and cacheTest works.
 */
export async function checkActsAsOne(onA: Socket, onB: Socket, key: string): Promise<void> {
  await sayUntilHeard(onA, onB);
  await sayUntilHeard(onB, onA);
  const text = `hello from A ${key}`;
  const arrived = heardSay(onB, text);
  assert.equal((await ask(onA, 'say', { message: text })).status, 'OK');
  const said = await arrived;
  assert.equal(said.from, await idOf(onA));
  assert.equal(said.room, 'defaultRoom');

  await untilRoomViewHas(onB, [onA, onB]);
  await untilRoomViewHas(onA, [onA, onB]);

  const saved = await untilOk(onA, { action: 'cacheSave', key, value: `from A ${key}` });
  assert.equal(saved.saved, true);
  assert.equal((await ask(onB, 'action', { action: 'cacheLoad', key })).loaded, `from A ${key}`);
  const reply = await ask(onB, 'action', { action: 'cacheTest', key: `${key}-t`, value: 'v' });
  const results = reply.cacheTestResults as {
    saveResp: boolean;
    sizeResp: number;
    loadResp: { value: string };
    deleteResp: boolean;
  };
  assert.equal(results.saveResp, true, JSON.stringify(reply));
  assert.ok(results.sizeResp >= 2, 'size counts the key saved on A too');
  assert.equal(results.loadResp.value, 'v');
  assert.equal(results.deleteResp, true);
}

/**
 * While Redis (or part of a cluster) is away: each node still delivers its own clients' `say`,
 * answers actions, and a cache action answers an error (never hangs); new clients are served.
 */
export async function checkServesAlone(
  onA: Socket,
  alsoOnA: Socket,
  onB: Socket,
  urls: string[],
  cacheError: RegExp,
): Promise<void> {
  const text = `local ${Math.random().toString(36).slice(2)}`;
  const local = heardSay(alsoOnA, text);
  assert.equal((await ask(onA, 'say', { message: text })).status, 'OK');
  await local;
  assert.equal((await ask(onB, 'action', { action: 'randomNumber' })).status, 'OK');
  const failed = await ask(onA, 'action', { action: 'cacheTest', key: 'k', value: 'v' }, 8000);
  assert.match(failed.error ?? '', cacheError);
  await Promise.all(urls.map(alive));
}
