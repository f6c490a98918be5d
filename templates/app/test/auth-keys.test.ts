// Sign-in with public keys, against real servers: a PEM key file (RS256, ES256), a JWKS served by
// a real HTTP server (found, unknown and unreachable keys), and the start-up errors of a bad source.

import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type GenerateKeyPairResult,
  type JWK,
} from 'jose';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { ask, capturedLog, startServer, unsignedToken, type TestServer } from './helpers.js';

const auth = {
  mode: 'jwt',
  issuer: 'test-issuer',
  audience: 'test-audience',
  clockToleranceSec: 0,
};
const folder = mkdtempSync(join(tmpdir(), 'auth-keys-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let rsa: GenerateKeyPairResult;
let ec: GenerateKeyPairResult;
/** Keys the server does not know, of both types. */
let otherRsa: GenerateKeyPairResult;
let otherEc: GenerateKeyPairResult;
before(async () => {
  [rsa, ec, otherRsa, otherEc] = await Promise.all([
    generateKeyPair('RS256'),
    generateKeyPair('ES256'),
    generateKeyPair('RS256'),
    generateKeyPair('ES256'),
  ]);
});

/** Writes `text` to a file of the temp folder; returns its path. */
function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

interface Mint {
  key: CryptoKey | Uint8Array;
  alg: 'RS256' | 'ES256' | 'HS256';
  kid?: string;
  sub?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

function mint({
  key,
  alg,
  kid,
  sub = 'alice',
  exp = Math.floor(Date.now() / 1000) + 3600,
}: Mint): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader(kid === undefined ? { alg } : { alg, kid })
    .setSubject(sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

const hs256 = (): Promise<string> =>
  mint({
    key: new TextEncoder().encode('a shared secret that is longer than 32 bytes'),
    alg: 'HS256',
  });

/** An unsigned token (`alg: none`) with valid claims. */
const unsigned = (): string =>
  unsignedToken({ sub: 'mallory', iss: auth.issuer, aud: auth.audience });

/** Who the server says a token signs in, or the refusal's text. */
async function signIn(t: TestServer, token: string): Promise<string> {
  try {
    const { client } = await t.connect({ auth: { token } });
    const reply = await ask(client, 'action', { action: 'whoAmI' });
    client.close();
    return (reply.user as { sub: string }).sub;
  } catch (err) {
    return (err as Error).message;
  }
}

/** GET /api/whoAmI with the token: the status, and the user or the error it answers. */
async function httpWhoAmI(
  t: TestServer,
  token: string,
): Promise<{ status: number; user?: unknown; error?: unknown }> {
  const res = await fetch(`${t.url}/api/whoAmI`, { headers: { authorization: `Bearer ${token}` } });
  const { user, error } = (await res.json()) as { user?: unknown; error?: unknown };
  return {
    status: res.status,
    ...(user === undefined ? {} : { user }),
    ...(error === undefined ? {} : { error }),
  };
}

/** A real JWKS endpoint on a free port; `requests` counts the fetches it answered. */
async function serveJwks(
  keys: JWK[],
): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function jwk(pair: GenerateKeyPairResult, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
}

describe('auth.publicKeyFile with an RSA key (RS256)', () => {
  let t: TestServer;
  before(async () => {
    const publicKeyFile = file('rsa.pem', await exportSPKI(rsa.publicKey));
    // No jwtSecret: with a public key, JWT_SECRET is not needed.
    t = await startServer({ auth: { ...auth, publicKeyFile } });
  });
  after(() => t.close());

  it('signs in an RS256 token, at the handshake and over HTTP', async () => {
    assert.equal(await signIn(t, await mint({ key: rsa.privateKey, alg: 'RS256' })), 'alice');
    const token = await mint({ key: rsa.privateKey, alg: 'RS256', sub: 'bob' });
    assert.deepEqual(await httpWhoAmI(t, token), { status: 200, user: { sub: 'bob' } });
  });

  it('refuses HS256, alg none, another key and another algorithm as an invalid token', async () => {
    const tokens = [
      await hs256(),
      unsigned(),
      await mint({ key: otherRsa.privateKey, alg: 'RS256' }),
      await mint({ key: ec.privateKey, alg: 'ES256' }),
    ];
    for (const token of tokens) assert.equal(await signIn(t, token), 'Error: invalid token');
    assert.deepEqual(await httpWhoAmI(t, await hs256()), {
      status: 401,
      error: 'Error: invalid token',
    });
  });

  it('refuses an expired RS256 token as expired', async () => {
    const exp = Math.floor(Date.now() / 1000) - 10;
    const token = await mint({ key: rsa.privateKey, alg: 'RS256', exp });
    assert.equal(await signIn(t, token), 'Error: your session has expired');
  });
});

describe('auth.publicKeyFile with an EC P-256 key (ES256)', () => {
  let t: TestServer;
  before(async () => {
    const publicKeyFile = file('ec.pem', await exportSPKI(ec.publicKey));
    t = await startServer({ auth: { ...auth, publicKeyFile } });
  });
  after(() => t.close());

  it('signs in an ES256 token and refuses one from another key, RS256 or HS256', async () => {
    assert.equal(
      await signIn(t, await mint({ key: ec.privateKey, alg: 'ES256', sub: 'carol' })),
      'carol',
    );
    const tokens = [
      await mint({ key: otherEc.privateKey, alg: 'ES256' }),
      await mint({ key: rsa.privateKey, alg: 'RS256' }),
      await hs256(),
      unsigned(),
    ];
    for (const token of tokens) assert.equal(await signIn(t, token), 'Error: invalid token');
  });
});

describe('auth.jwksUrl', () => {
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let t: TestServer;
  before(async () => {
    jwks = await serveJwks([await jwk(rsa, 'rsa-1', 'RS256'), await jwk(ec, 'ec-1', 'ES256')]);
    t = await startServer({ auth: { ...auth, jwksUrl: jwks.url } });
  });
  after(async () => {
    await t.close();
    await jwks.close();
  });

  it('signs in RS256 and ES256 tokens whose kid is in the set', async () => {
    assert.equal(
      await signIn(t, await mint({ key: rsa.privateKey, alg: 'RS256', kid: 'rsa-1' })),
      'alice',
    );
    const token = await mint({ key: ec.privateKey, alg: 'ES256', kid: 'ec-1', sub: 'dave' });
    assert.equal(await signIn(t, token), 'dave');
    assert.deepEqual(await httpWhoAmI(t, token), { status: 200, user: { sub: 'dave' } });
  });

  it('refuses an unknown kid, a known kid signed by another key, HS256 and alg none', async () => {
    const tokens = [
      await mint({ key: otherRsa.privateKey, alg: 'RS256', kid: 'rsa-2' }),
      await mint({ key: otherRsa.privateKey, alg: 'RS256', kid: 'rsa-1' }),
      await mint({ key: otherEc.privateKey, alg: 'ES256', kid: 'ec-1' }),
      await hs256(),
      unsigned(),
    ];
    for (const token of tokens) assert.equal(await signIn(t, token), 'Error: invalid token');
  });

  it('keeps the keys it fetched: signs in with the endpoint stopped', async () => {
    assert.ok(jwks.requests() >= 1);
    await jwks.close();
    const token = await mint({ key: rsa.privateKey, alg: 'RS256', kid: 'rsa-1', sub: 'erin' });
    assert.equal(await signIn(t, token), 'erin');
  });
});

describe('auth.jwksUrl that cannot be reached', () => {
  let t: TestServer;
  let lines: Record<string, unknown>[];
  let url: string;
  before(async () => {
    const stopped = await serveJwks([await jwk(rsa, 'rsa-1', 'RS256')]);
    url = stopped.url;
    await stopped.close();
    const captured = capturedLog();
    lines = captured.lines;
    t = await startServer({ auth: { ...auth, jwksUrl: url } }, 5000, { log: captured.log });
  });
  after(() => t.close());

  it('refuses a token it cannot check, logs why at warn, and goes on serving', async () => {
    const token = await mint({ key: rsa.privateKey, alg: 'RS256', kid: 'rsa-1' });
    assert.equal(await signIn(t, token), 'Error: invalid token');
    assert.deepEqual(await httpWhoAmI(t, token), {
      status: 401,
      error: 'Error: invalid token',
    });
    const warning = lines.find((line) => line.jwksUrl === url);
    assert.equal(warning?.level, 40, 'a warn line names the JWKS URL');
    assert.match(String(warning?.msg), /auth\.jwksUrl/);
    const { client } = await t.connect();
    assert.equal((await ask(client, 'action', { action: 'status' })).status, 'OK');
    assert.equal((await fetch(`${t.url}/api/status`)).status, 200);
  });
});

describe('key source start-up errors', () => {
  const pem = (key: KeyObject, type: 'spki' | 'pkcs8') =>
    key.export({ type, format: 'pem' }).toString();

  const refusesWith = (publicKeyFile: string, pattern: RegExp) =>
    assert.rejects(startServer({ auth: { ...auth, publicKeyFile } }), pattern);

  it('names a missing key file, with its path', async () => {
    const missing = join(folder, 'missing.pem');
    await refusesWith(
      missing,
      /^StartupError: auth\.publicKeyFile: ".*missing\.pem" cannot be read \(no such file\)/,
    );
  });

  it('refuses a file that is not a PEM public key, or holds a private key', async () => {
    await refusesWith(
      file('jwk.json', JSON.stringify(await exportJWK(rsa.publicKey))),
      /is not a PEM public key/,
    );
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await refusesWith(
      file('private.pem', pem(privateKey, 'pkcs8')),
      /holds a private key: .*-pubout/,
    );
  });

  it('refuses keys other than RSA (2048 bits or more) and EC P-256', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    await refusesWith(
      file('p384.pem', pem(p384, 'spki')),
      /type ec \(curve secp384r1\): sign-in takes an RSA key \(RS256\) or an EC P-256 key \(ES256\)/,
    );
    const ed = generateKeyPairSync('ed25519').publicKey;
    await refusesWith(file('ed25519.pem', pem(ed, 'spki')), /type ed25519: sign-in takes/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    await refusesWith(
      file('rsa1024.pem', pem(small, 'spki')),
      /1024-bit RSA key: RS256 needs at least 2048 bits/,
    );
  });

  it('refuses both sources at once, naming both fields', async () => {
    const both = {
      ...auth,
      publicKeyFile: file('both.pem', await exportSPKI(rsa.publicKey)),
      jwksUrl: 'https://idp.example/jwks.json',
    };
    await assert.rejects(
      startServer({ auth: both }),
      /auth\.publicKeyFile and auth\.jwksUrl are both set: .* set the one you do not use to null/,
    );
  });

  it('loads a config with a public key source without JWT_SECRET; lists both sources as an error', () => {
    const root = mkdtempSync(join(tmpdir(), 'auth-keys-config-'));
    try {
      mkdirSync(join(root, 'config'));
      cpSync(
        new URL('../config/config.schema.json', import.meta.url),
        join(root, 'config', 'config.schema.json'),
      );
      const write = (value: object) =>
        writeFileSync(join(root, 'config', 'config.json'), JSON.stringify({ auth: value }));
      write({ mode: 'jwt', publicKeyFile: 'keys/idp.pem' });
      assert.equal(loadConfig(root, {}).jwtSecret, undefined);
      write({ mode: 'jwt', jwksUrl: 'https://idp.example/jwks.json' });
      assert.equal(loadConfig(root, {}).config.auth.jwksUrl, 'https://idp.example/jwks.json');
      write({
        mode: 'jwt',
        publicKeyFile: 'keys/idp.pem',
        jwksUrl: 'https://idp.example/jwks.json',
      });
      assert.throws(
        () => loadConfig(root, {}),
        (err: unknown) =>
          err instanceof ConfigError &&
          /^auth\.publicKeyFile and auth\.jwksUrl are both set/m.test(err.message) &&
          !/JWT_SECRET/.test(err.message),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
