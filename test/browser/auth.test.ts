// Sign-in from the browser's side, against a generated `--auth jwt` project: the example page in
// headless chromium (a pasted token, who it signs in as, the refusals shown as text), and the
// client's `auth` option in Node (an object, a function asked again at every reconnection, and a
// refused connection reaching the callback once, without reconnecting on its own).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { chromiumArgs, chromiumPath } from './project.ts';
import type ClientClass from '../../templates/app/public/javascript/actionHeroWebSocket.js';

type Client = InstanceType<typeof ClientClass>;

const WAIT = 20000;
const JWT_SECRET = 'a browser test secret, longer than thirty-two bytes';

let project: Project;
let browser: Browser;

/**
 * A token signed as the server checks them (HS256 with JWT_SECRET; the project sets no issuer or
 * audience), expiring in an hour or at `expires` (a duration, or seconds since the epoch).
 */
function mint(sub: string, expires: string | number = '1h'): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Sets auth.required in the project's config/config.json (read when a server starts). */
function requireSignIn(required: boolean): void {
  const path = join(project.dir, 'config/config.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { auth: { required: boolean } };
  config.auth.required = required;
  writeFileSync(path, JSON.stringify(config, null, 2) + '\n');
}

function start(port?: number): Promise<Server> {
  return project.start({ JWT_SECRET, ...(port === undefined ? {} : { PORT: String(port) }) });
}

async function openPage(server: Server): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(WAIT);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(server.url + '/');
  return { page, errors };
}

async function connectWithToken(page: Page, token: string): Promise<void> {
  await page.fill('#token-input', token);
  await page.click('#token-connect');
}

before(async () => {
  project = await createProject({ flags: ['--auth', 'jwt'] });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
  });
});

after(async () => {
  await browser?.close();
  project?.remove();
});

describe('the example page with sign-in on, not required', () => {
  let server: Server;
  let page: Page;
  let errors: string[];

  before(async () => {
    requireSignIn(false);
    server = await start();
    ({ page, errors } = await openPage(server));
    await page.locator('#status[data-state="connected"]').waitFor();
  });
  after(() => server?.stop());

  test('the server says sign-in is on; the page shows a token field and "anonymous"', async () => {
    const config = (await (await fetch(`${server.url}/actionhero-ws/config.json`)).json()) as {
      signIn?: unknown;
    };
    assert.deepEqual(config.signIn, { mode: 'jwt', required: false });
    assert.equal(await page.locator('#sign-in').isVisible(), true);
    await page.locator('#user', { hasText: 'anonymous' }).waitFor();
  });

  test('a token from `npm run token`, pasted, signs the page in; whoAmI names its subject', async () => {
    const minted = await project.npm(['run', '--silent', 'token', '--', '--sub', 'alice'], {
      JWT_SECRET,
    });
    assert.equal(minted.code, 0, minted.stderr);
    await connectWithToken(page, minted.stdout.trim());
    await page.locator('#user', { hasText: 'alice' }).waitFor();
    await page.locator('#status[data-state="connected"]').waitFor();

    await page
      .locator('#action-select option', { hasText: 'whoAmI' })
      .waitFor({ state: 'attached' });
    await page.selectOption('#action-select', 'whoAmI');
    await page.click('#run-action');
    await page.locator('#action-result[data-outcome="ok"]').waitFor();
    const result = JSON.parse(await page.locator('#action-result').innerText()) as {
      user: { sub: string };
    };
    assert.deepEqual(result.user, { sub: 'alice' });
  });

  test('a bad token is refused and the refusal shown; an empty field connects anonymously', async () => {
    await connectWithToken(page, 'not.a.token');
    await page.locator('#status[data-state="refused"]').waitFor();
    await page.locator('#sign-in-error', { hasText: 'Error: invalid token' }).waitFor();
    await page
      .locator('#messages li.error', {
        hasText: 'the server refused the connection: Error: invalid token',
      })
      .waitFor();

    await connectWithToken(page, '');
    await page.locator('#status[data-state="connected"]').waitFor();
    await page.locator('#user', { hasText: 'anonymous' }).waitFor();
    assert.equal(await page.locator('#sign-in-error').innerText(), '');
  });

  test('joining private:secret without the rooms claim shows the refusal', async () => {
    await connectWithToken(page, await mint('bob'));
    await page.locator('#user', { hasText: 'bob' }).waitFor();
    await page.fill('#room-input', 'private:secret');
    await page.click('#room-change');
    await page
      .locator('#messages li.error', { hasText: 'Error: you may not join this room' })
      .waitFor();
    assert.notEqual(await page.locator('#current-room').innerText(), 'private:secret');
    assert.deepEqual(errors, []);
  });
});

describe('the example page with sign-in required', () => {
  let server: Server;

  before(async () => {
    requireSignIn(true);
    server = await start();
  });
  after(() => server?.stop());

  test('without a token the page shows "you must sign in"; with one it connects', async () => {
    const { page, errors } = await openPage(server);
    await page.locator('#status[data-state="refused"]').waitFor();
    await page.locator('#sign-in-error', { hasText: 'Error: you must sign in' }).waitFor();

    await connectWithToken(page, await mint('carol'));
    await page.locator('#status[data-state="connected"]').waitFor();
    await page.locator('#user', { hasText: 'carol' }).waitFor();
    assert.deepEqual(errors, []);
  });
});

describe("the client's auth option, in Node (sign-in required)", () => {
  let server: Server;
  let ActionHeroWebSocket: typeof ClientClass;
  const clients: Client[] = [];

  function connect(options: ClientClass.Options, callback?: ClientClass.ConnectedCallback): Client {
    const client = new ActionHeroWebSocket(
      {
        url: server.url,
        io: io as unknown as ClientClass.Io,
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
        ...options,
      },
      callback,
    );
    clients.push(client);
    return client;
  }

  /** The next `connected` (or a refusal, which rejects), bounded. */
  function connected(client: Client, ms = WAIT): Promise<ClientClass.Details> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not connected within ${ms} ms`)), ms);
      const onError = (err: Error) => {
        if (client.state !== 'refused') return;
        clearTimeout(timer);
        client.off('error', onError);
        reject(err);
      };
      client.on('error', onError);
      client.once('connected', (details) => {
        clearTimeout(timer);
        client.off('error', onError);
        resolve(details);
      });
    });
  }

  before(async () => {
    requireSignIn(true);
    server = await start();
    const require = createRequire(import.meta.url);
    ActionHeroWebSocket = require(
      join(project.dir, 'public/javascript/actionHeroWebSocket.js'),
    ) as typeof ClientClass;
  });
  after(async () => {
    for (const client of clients) client.quit();
    await server?.stop();
  });

  test('auth as an object signs the connection in', async () => {
    const client = connect({ auth: { token: await mint('dave') } });
    const details = await connected(client);
    assert.equal(details.user, 'dave');
    assert.deepEqual((await client.action('whoAmI')).user, { sub: 'dave' });
  });

  test('a refusal reaches the callback, the error event and waiting requests, once', async () => {
    const errors: Error[] = [];
    const callbacks: (Error | null)[] = [];
    let calledBack: () => void = () => undefined;
    const called = new Promise<void>((resolve) => (calledBack = resolve));
    const client = connect({ auth: { token: 'not.a.token' } }, (err) => {
      callbacks.push(err);
      calledBack();
    });
    client.on('error', (err) => errors.push(err));
    const waiting = client.action('randomNumber');
    await called;
    assert.equal(callbacks[0]?.message, 'Error: invalid token');
    await assert.rejects(waiting, { message: 'Error: invalid token' });
    assert.equal(client.state, 'refused');
    // socket.io's own word that it will not try again with the refused handshake.
    assert.equal(client.socket?.active, false);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['Error: invalid token'],
    );
    // While refused, a request fails at once with the refusal rather than at its timeout.
    await assert.rejects(client.detailsView(), { message: 'Error: invalid token' });

    // reconnect() with another token is the way back; the callback is not called again.
    client.reconnect({ token: await mint('erin') });
    assert.equal((await connected(client)).user, 'erin');
    assert.equal(callbacks.length, 1);
  });

  test('auth as a function is asked again at a reconnection after a restart', async () => {
    const asked: string[] = [];
    const client = connect({
      auth: (send) => {
        const sub = asked.length === 0 ? 'frank' : 'frank-refreshed';
        asked.push(sub);
        void mint(sub).then((token) => send({ token }));
      },
    });
    client.on('error', () => undefined); // the server is away for a moment during the restart
    assert.equal((await connected(client)).user, 'frank');
    await client.roomChange('afterRestart');

    const port = server.port;
    const back = connected(client, 60000);
    await server.stop();
    server = await start(port);
    const details = await back;
    assert.equal(details.user, 'frank-refreshed');
    assert.equal(details.room, 'afterRestart');
    assert.deepEqual((await client.action('whoAmI')).user, { sub: 'frank-refreshed' });
  });

  test('a function that hands out an expired token after a restart: the refusal says so', async () => {
    let calls = 0;
    const client = connect({
      auth: (send) => {
        calls += 1;
        // The second token expired a minute ago, beyond the server's clock tolerance.
        const expires = calls === 1 ? '1h' : Math.floor(Date.now() / 1000) - 60;
        void mint('gina', expires).then((token) => send({ token }));
      },
    });
    const refusals: string[] = [];
    client.on('error', (err) => {
      if (client.state === 'refused') refusals.push(err.message);
    });
    assert.equal((await connected(client)).user, 'gina');
    const refused = new Promise<void>((resolve) => {
      client.on('error', () => {
        if (client.state === 'refused') resolve();
      });
    });
    const port = server.port;
    await server.stop();
    server = await start(port);
    await refused;
    assert.deepEqual(refusals, ['Error: your session has expired']);
    await assert.rejects(client.action('status'), { message: 'Error: your session has expired' });
  });
});
