// Sign-in with auth.mode jwt, against real servers: tokens at the handshake (socket.io) and per
// request (HTTP), the signedIn middleware, whoAmI, and the refusals with their exact texts.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { io as connectClient } from 'socket.io-client';
import { ConfigError, loadConfig } from '../src/config/load.js';
import {
  ask,
  startServer,
  unsignedToken,
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

interface Mint {
  sub?: string;
  key?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

function mint({
  sub = 'alice',
  key = secret,
  iss = auth.issuer,
  aud = auth.audience,
  exp = Math.floor(Date.now() / 1000) + 3600,
}: Mint = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(key));
}

/** An unsigned token (`alg: none`) with valid claims. */
const unsigned = (): string =>
  unsignedToken({ sub: 'mallory', iss: auth.issuer, aud: auth.audience });

/** The `connect_error` of a handshake the server refuses. */
async function refused(
  t: TestServer,
  options: Parameters<TestServer['connect']>[0],
): Promise<{ message: string; status: unknown }> {
  const err = (await t.connect(options).then(
    () => assert.fail('the server let the connection in'),
    (e: unknown) => e,
  )) as Error & { data?: { status?: unknown } };
  return { message: err.message, status: err.data?.status };
}

/** A client connecting with options helpers.connect() does not pass (query, extra headers). */
function rawConnect(
  t: TestServer,
  options: { query?: Record<string, string>; extraHeaders?: Record<string, string> },
): Promise<{ client: Client; error?: Error }> {
  const client: Client = connectClient(t.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  return within(
    5000,
    'welcome or connect_error',
    new Promise((resolve) => {
      client.once('welcome', () => resolve({ client }));
      client.once('connect_error', (error) => resolve({ client, error }));
    }),
  );
}

async function http(
  t: TestServer,
  path: string,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.url}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('sign-in (auth.mode jwt, not required)', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ auth }, 5000, { jwtSecret: secret });
  });
  after(() => t.close());

  it('lets an anonymous connection in, but signedIn actions refuse it', async () => {
    const { client } = await t.connect();
    const reply = await ask(client, 'action', { action: 'whoAmI' });
    assert.equal(reply.error, 'Error: you must sign in');
    const details = await ask(client, 'detailsView', {});
    assert.equal((details.details as { user: unknown }).user, null);
    assert.equal((await ask(client, 'action', { action: 'status' })).status, 'OK');
  });

  it('signs a connection in with a valid token: whoAmI and detailsView name its sub', async () => {
    const { client } = await t.connect({ auth: { token: await mint({ sub: 'alice' }) } });
    const reply = await ask(client, 'action', { action: 'whoAmI' });
    assert.deepEqual(reply.user, { sub: 'alice' });
    const details = await ask(client, 'detailsView', {});
    assert.equal((details.details as { user: unknown }).user, 'alice');
  });

  it('takes the token from an Authorization: Bearer header at the handshake', async () => {
    const token = await mint({ sub: 'bob' });
    const { client, error } = await rawConnect(t, {
      extraHeaders: { authorization: `Bearer ${token}` },
    });
    assert.equal(error, undefined);
    assert.deepEqual((await ask(client, 'action', { action: 'whoAmI' })).user, { sub: 'bob' });
    client.close();
  });

  it('refuses a bad signature, alg none, a wrong issuer or audience as an invalid token', async () => {
    const tokens = [
      await mint({ key: 'another secret that is also longer than 32 bytes' }),
      unsigned(),
      await mint({ iss: 'someone-else' }),
      await mint({ aud: 'someone-else' }),
      'not.a.token',
    ];
    for (const token of tokens) {
      assert.deepEqual(await refused(t, { auth: { token } }), {
        message: 'Error: invalid token',
        status: 401,
      });
    }
  });

  it('refuses an expired token', async () => {
    const token = await mint({ exp: Math.floor(Date.now() / 1000) - 10 });
    assert.deepEqual(await refused(t, { auth: { token } }), {
      message: 'Error: your session has expired',
      status: 401,
    });
  });

  it('never reads a token from the query string', async () => {
    const { client, error } = await rawConnect(t, { query: { token: await mint() } });
    assert.equal(error, undefined);
    const reply = await ask(client, 'action', { action: 'whoAmI' });
    assert.equal(reply.error, 'Error: you must sign in');
    client.close();
  });

  it('refuses a signedIn request once the token expired while connected', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const { client } = await t.connect({ auth: { token: await mint({ exp }) } });
    assert.deepEqual((await ask(client, 'action', { action: 'whoAmI' })).user, { sub: 'alice' });
    await sleep(exp * 1000 - Date.now() + 100);
    const reply = await ask(client, 'action', { action: 'whoAmI' });
    assert.equal(reply.error, 'Error: your session has expired');
  });

  it('checks the Authorization header of every HTTP request', async () => {
    const anonymous = await http(t, '/api/whoAmI');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error, 'Error: you must sign in');
    const bad = await http(t, '/api/whoAmI', await mint({ key: 'x'.repeat(40) }));
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'Error: invalid token');
    const expired = await http(
      t,
      '/api/status',
      await mint({ exp: Math.floor(Date.now() / 1000) - 10 }),
    );
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error, 'Error: your session has expired');
    const good = await http(t, '/api/whoAmI', await mint({ sub: 'carol' }));
    assert.equal(good.status, 200);
    assert.deepEqual(good.body.user, { sub: 'carol' });
    assert.equal((await http(t, `/api/whoAmI?token=${await mint()}`)).status, 401);
    assert.equal((await http(t, '/api/status')).status, 200);
  });
});

describe('sign-in with auth.required', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({ auth: { ...auth, required: true } }, 5000, { jwtSecret: secret });
  });
  after(() => t.close());

  it('refuses a connection without a token at the handshake', async () => {
    assert.deepEqual(await refused(t, {}), { message: 'Error: you must sign in', status: 401 });
  });

  it('refuses a token given only in the query string, and goes on serving', async () => {
    const { client, error } = await rawConnect(t, { query: { token: await mint() } });
    assert.equal(error?.message, 'Error: you must sign in');
    client.close();
    const { client: signedIn } = await t.connect({ auth: { token: await mint({ sub: 'dave' }) } });
    assert.deepEqual((await ask(signedIn, 'action', { action: 'whoAmI' })).user, { sub: 'dave' });
  });

  it('refuses anonymous HTTP requests with 401, and serves a Bearer one', async () => {
    const anonymous = await http(t, '/api/status');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error, 'Error: you must sign in');
    assert.equal((await http(t, '/api/status', await mint())).status, 200);
  });
});

describe('sign-in start-up', () => {
  it('does not start without a secret', async () => {
    await assert.rejects(startServer({ auth }), /JWT_SECRET/);
  });

  it('refuses a config with auth.mode jwt and no JWT_SECRET, naming the variable', () => {
    const root = mkdtempSync(join(tmpdir(), 'auth-config-'));
    try {
      mkdirSync(join(root, 'config'));
      cpSync(
        new URL('../config/config.schema.json', import.meta.url),
        join(root, 'config', 'config.schema.json'),
      );
      writeFileSync(join(root, 'config', 'config.json'), JSON.stringify({ auth: { mode: 'jwt' } }));
      for (const env of [{}, { JWT_SECRET: 'short' }]) {
        assert.throws(
          () => loadConfig(root, env),
          (err: unknown) => err instanceof ConfigError && /^JWT_SECRET: /m.test(err.message),
        );
      }
      const loaded = loadConfig(root, { JWT_SECRET: secret });
      assert.equal(loaded.jwtSecret, secret);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
