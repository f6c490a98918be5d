// docs/RELIABILITY.md SEC-10, SEC-11 and SEC-12 against a generated `--auth jwt` project, built
// and booted as a user would: sign-in refusals over socket.io and HTTP, a token that expires
// while its connection is open, and private rooms. After each, the server must still be serving.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { assertAlive, serverPid } from '../helpers/raw-socket.js';

const JWT_SECRET = 'an e2e secret that is well over thirty-two bytes long';
const issuer = 'e2e-issuer';
const audience = 'e2e-audience';
const texts = {
  missing: 'Error: you must sign in',
  invalid: 'Error: invalid token',
  expired: 'Error: your session has expired',
  room: 'Error: you may not join this room',
};

interface Reply {
  status?: string;
  error?: string;
  [key: string]: unknown;
}

interface Said {
  message: string;
  room: string;
  from: string;
}

interface Mint {
  sub?: string;
  rooms?: string[];
  key?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

function mint({
  sub = 'alice',
  rooms,
  key = JWT_SECRET,
  iss = issuer,
  aud = audience,
  exp = Math.floor(Date.now() / 1000) + 3600,
}: Mint = {}): Promise<string> {
  return new SignJWT(rooms === undefined ? {} : { rooms })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(key));
}

/** A token with `alg: none` and no signature, its claims otherwise valid. */
function unsigned(): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'mallory', iss: issuer, aud: audience, iat: now, exp: now + 3600 };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** Every token the server must refuse, with the text it must give. */
async function badTokens(): Promise<{ what: string; token: string; error: string }[]> {
  return [
    {
      what: 'a bad signature',
      token: await mint({ key: 'another key that is also longer than 32 bytes' }),
      error: texts.invalid,
    },
    { what: 'alg none', token: unsigned(), error: texts.invalid },
    {
      what: 'an expired token',
      token: await mint({ exp: Math.floor(Date.now() / 1000) - 60 }),
      error: texts.expired,
    },
    { what: 'a wrong issuer', token: await mint({ iss: 'someone-else' }), error: texts.invalid },
    { what: 'a wrong audience', token: await mint({ aud: 'someone-else' }), error: texts.invalid },
  ];
}

const sockets: Socket[] = [];

/**
 * A socket.io client that has had its welcome; rejects with the server's `connect_error` (its
 * `message`, and `data.status`) when turned away. Bounded.
 */
function connect(
  url: string,
  options: { token?: string; query?: Record<string, string> } = {},
): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
    ...(options.query === undefined ? {} : { query: options.query }),
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome from ${url}`)), 10_000);
    socket.once('welcome', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The `connect_error` of a handshake the server must refuse. */
async function refusal(
  url: string,
  options: Parameters<typeof connect>[1],
): Promise<{ message: string; status: unknown }> {
  const err = (await connect(url, options).then(
    () => assert.fail('the server let the connection in'),
    (e: unknown) => e,
  )) as Error & { data?: { status?: unknown } };
  return { message: err.message, status: err.data?.status };
}

function ask(socket: Socket, event: string, payload: unknown = {}): Promise<Reply> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Reply>;
}

async function http(
  url: string,
  path: string,
  token?: string,
): Promise<{ status: number; body: Reply }> {
  const res = await fetch(`${url}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as Reply };
}

function collectSays(socket: Socket): Said[] {
  const says: Said[] = [];
  socket.on('say', (said: Said) => says.push(said));
  return says;
}

/**
 * Waits (bounded) until `listener` hears a marker said by `sender`. The server sends each client
 * its messages in order, so whatever was sent to `listener` before has arrived by then.
 */
async function flush(sender: Socket, listener: Socket): Promise<void> {
  const marker = `marker ${Math.random()}`;
  const heard = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the marker never arrived')), 10_000);
    const on = (said: Said): void => {
      if (said.message !== marker) return;
      clearTimeout(timer);
      listener.off('say', on);
      resolve();
    };
    listener.on('say', on);
  });
  assert.equal((await ask(sender, 'say', { message: marker })).status, 'OK');
  await heard;
}

/** Writes the project's auth settings into its config/config.json, as a user would. */
function configureAuth(project: Project, required: boolean): void {
  const file = join(project.dir, 'config/config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const auth = config.auth as Record<string, unknown>;
  assert.equal(auth.mode, 'jwt', 'the project was generated with --auth jwt');
  Object.assign(auth, { required, issuer, audience, clockToleranceSec: 0 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

describe('sign-in and private rooms on a generated --auth jwt project', () => {
  let project: Project;
  let server: Server | undefined;
  let url: string;
  let pid: number;

  before(async () => {
    project = await createProject({ flags: ['--auth', 'jwt'] });
    configureAuth(project, false);
    server = await project.start({ JWT_SECRET });
    url = server.url;
    pid = await serverPid(url);
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await server?.stop();
    project?.remove();
  });

  it('SEC-12: private:x is joined, listened to, said into and viewed only with the rooms claim', async () => {
    // One token from the project's own script, the way a developer makes one.
    const minted = await project.npm(
      ['run', '--silent', 'token', '--', '--sub', 'ann', '--rooms', 'private:x,private:z'],
      { JWT_SECRET },
    );
    assert.equal(minted.code, 0, minted.stderr);
    const ann = await connect(url, { token: minted.stdout.trim() });
    const dan = await connect(url, { token: await mint({ sub: 'dan', rooms: ['private:x'] }) });
    const lis = await connect(url, { token: await mint({ sub: 'lis', rooms: ['private:x'] }) });
    assert.equal((await ask(ann, 'roomChange', { room: 'private:x' })).status, 'OK');
    assert.equal((await ask(dan, 'roomChange', { room: 'private:x' })).status, 'OK');
    assert.equal((await ask(lis, 'listenToRoom', { room: 'private:x' })).status, 'OK');
    const annHeard = collectSays(ann);

    const outsiders = [
      await connect(url),
      await connect(url, { token: await mint({ sub: 'eve' }) }),
      await connect(url, { token: await mint({ sub: 'mal', rooms: ['private:y', 'private:'] }) }),
      // A claim in the query string is never read: this one is anonymous.
      await connect(url, { query: { token: await mint({ sub: 'q', rooms: ['private:x'] }) } }),
    ];
    const outsidersHeard = outsiders.map((socket) => collectSays(socket));
    for (const socket of outsiders) {
      for (const verb of ['roomChange', 'listenToRoom']) {
        assert.equal((await ask(socket, verb, { room: 'private:x' })).error, texts.room, verb);
      }
      const view = await ask(socket, 'roomView');
      assert.equal(view.room, 'defaultRoom');
      const members = (view.roomStatus as { members: string[] }).members;
      assert.ok(!members.some((id) => id === ann.id || id === dan.id), 'no member shown');
      const details = (await ask(socket, 'detailsView')).details as Record<string, unknown>;
      assert.equal(details.room, 'defaultRoom');
      assert.deepEqual(details.listeningRooms, []);
      assert.equal((await ask(socket, 'say', { message: 'knock knock' })).status, 'OK');
    }
    // A marker said in the room after those: had a knock reached it, it would have come first.
    await flush(dan, ann);
    assert.deepEqual(
      annHeard.filter((said) => said.message === 'knock knock'),
      [],
    );

    // Inside, the room works: the listener hears, roomView names its members.
    const atLis = new Promise<Said>((resolve) => lis.once('say', resolve));
    assert.equal((await ask(ann, 'say', { message: 'the secret' })).status, 'OK');
    assert.deepEqual(
      { ...(await atLis), sentAt: 0 },
      { message: 'the secret', room: 'private:x', from: ann.id, context: 'user', sentAt: 0 },
    );
    const view = await ask(ann, 'roomView');
    assert.equal(view.room, 'private:x');
    assert.deepEqual(
      [...(view.roomStatus as { members: string[] }).members].sort(),
      [ann.id, dan.id].sort(),
    );
    assert.equal((await ask(ann, 'roomChange', { room: 'private:z' })).status, 'OK');
    assert.equal((await ask(ann, 'roomChange', { room: 'private:y' })).error, texts.room);

    // Markers said after everything above: what had not arrived by now never will.
    const marker = await connect(url);
    for (const socket of outsiders) await flush(marker, socket);
    for (const says of outsidersHeard) {
      assert.deepEqual(
        says.filter((said) => said.room.startsWith('private:')),
        [],
      );
    }
    await assertAlive(url, pid);
  });

  it('SEC-10: bad tokens are refused at the handshake with the sign-in texts', async () => {
    for (const { what, token, error } of await badTokens()) {
      assert.deepEqual(await refusal(url, { token }), { message: error, status: 401 }, what);
    }
    // Without auth.required a token only in the query string is not read: the client is anonymous.
    const queried = await connect(url, { query: { token: await mint() } });
    assert.equal((await ask(queried, 'action', { action: 'whoAmI' })).error, texts.missing);
    const good = await connect(url, { token: await mint({ sub: 'bob' }) });
    assert.deepEqual((await ask(good, 'action', { action: 'whoAmI' })).user, { sub: 'bob' });
    await assertAlive(url, pid);
  });

  it('SEC-10: bad tokens are refused over HTTP with 401 and the sign-in texts', async () => {
    for (const { what, token, error } of await badTokens()) {
      const res = await http(url, '/api/whoAmI', token);
      assert.equal(res.status, 401, what);
      assert.equal(res.body.error, error, what);
    }
    const none = await http(url, '/api/whoAmI');
    assert.deepEqual([none.status, none.body.error], [401, texts.missing]);
    const queried = await http(url, `/api/whoAmI?token=${await mint()}`);
    assert.deepEqual([queried.status, queried.body.error], [401, texts.missing]);
    const good = await http(url, '/api/whoAmI', await mint({ sub: 'cat' }));
    assert.equal(good.status, 200);
    assert.deepEqual(good.body.user, { sub: 'cat' });
    await assertAlive(url, pid);
  });

  it('SEC-11: once the token expires, the next request is refused as expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const socket = await connect(url, { token: await mint({ rooms: ['private:s'], exp }) });
    assert.deepEqual((await ask(socket, 'action', { action: 'whoAmI' })).user, { sub: 'alice' });
    assert.equal((await ask(socket, 'listenToRoom', { room: 'private:s' })).status, 'OK');
    await sleep(exp * 1000 - Date.now() + 200);
    assert.equal((await ask(socket, 'action', { action: 'whoAmI' })).error, texts.expired);
    assert.equal((await ask(socket, 'roomChange', { room: 'private:s' })).error, texts.expired);
    await assertAlive(url, pid);
  });

  it('SEC-10: with auth.required, no token (or one only in the query string) is refused', async () => {
    await server?.stop();
    server = undefined;
    configureAuth(project, true);
    server = await project.start({ JWT_SECRET });
    const requiredUrl = server.url;
    const missing = { message: texts.missing, status: 401 };
    assert.deepEqual(await refusal(requiredUrl, {}), missing);
    assert.deepEqual(await refusal(requiredUrl, { query: { token: await mint() } }), missing);
    for (const path of ['/api/status', `/api/status?token=${await mint()}`]) {
      const res = await http(requiredUrl, path);
      assert.deepEqual([res.status, res.body.error], [401, texts.missing], path);
    }
    for (const { what, token, error } of await badTokens()) {
      assert.deepEqual(
        await refusal(requiredUrl, { token }),
        { message: error, status: 401 },
        what,
      );
    }
    // Still serving: a signed-in client is answered, over socket.io and HTTP.
    const signedIn = await connect(requiredUrl, { token: await mint() });
    const status = await ask(signedIn, 'action', { action: 'status' });
    assert.equal(status.status, 'OK');
    assert.equal(typeof status.pid, 'number');
    assert.equal((await http(requiredUrl, '/api/status', await mint())).status, 200);
  });
});
