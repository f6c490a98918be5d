// The admin view (adminUi): off by default; when on, its page and files served from the
// @socket.io/admin-ui package, its namespace behind the username and ADMIN_PASSWORD_HASH, kept
// apart from the app's own connections; a missing or malformed hash stops the start.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashSync } from 'bcryptjs';
import { io as connectClient, type Socket } from 'socket.io-client';
import { StartupError } from '../src/core/startup-error.js';
import { capturedLog, rawGet, startServer, within, type TestServer } from './helpers.js';

const PASSWORD = 'correct horse battery staple';
// Cost 4, the least bcrypt allows: the test checks the sign-in, not the hashing's strength.
const HASH = hashSync(PASSWORD, 4);
const admin = { adminUi: { enable: true } };

/** Connects to the admin namespace; resolves with the socket, or rejects with the refusal. */
function connectAdmin(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = connectClient(`${url}/admin`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return within(
    5000,
    'the admin namespace',
    new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    }),
  );
}

/** The StartupError `createApp` stops with, for an assert.rejects check. */
function startupError(pattern: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof StartupError, `expected a StartupError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('admin view', () => {
  it('is off by default: its path answers 404', async () => {
    const server = await startServer();
    try {
      for (const path of ['/admin', '/admin/', '/admin/index.html', '/admin/favicon.png']) {
        const res = await rawGet(server.port, path);
        assert.equal(res.status, 404, path);
        assert.deepEqual(JSON.parse(res.body), { error: 'Error: Not Found' });
      }
    } finally {
      await server.close();
    }
  });

  describe('when on', () => {
    let server: TestServer;
    let logLines: Record<string, unknown>[];
    const sockets: Socket[] = [];

    before(async () => {
      const { log, lines } = capturedLog();
      logLines = lines;
      server = await startServer(admin, 5000, { adminPasswordHash: HASH, log });
    });
    after(async () => {
      for (const socket of sockets) socket.close();
      await server.close();
    });

    it('serves the page at adminUi.path/, with nothing to fetch from elsewhere', async () => {
      const bare = await rawGet(server.port, '/admin?lang=en');
      assert.equal(bare.status, 302);
      assert.equal(bare.headers.location, 'admin/?lang=en');

      const page = await rawGet(server.port, '/admin/');
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<title>Socket\.IO Admin UI<\/title>/);
      assert.doesNotMatch(page.body, /https?:\/\//, 'the page links nothing outside this server');
      assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
      assert.match(page.body, /<script src="connect-defaults\.js"><\/script><script src="js\//);
      assert.equal((await rawGet(server.port, '/admin/index.html')).body, page.body);
    });

    it("serves every script, stylesheet and icon the page names, from the package's build", async () => {
      const page = await rawGet(server.port, '/admin/');
      const files = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
      assert.ok(
        files.some((file) => /^js\/app\.[0-9a-f]+\.js$/.test(file)),
        files.join(' '),
      );
      assert.ok(
        files.some((file) => /^css\/.+\.css$/.test(file)),
        files.join(' '),
      );
      for (const file of new Set(files)) {
        const res = await rawGet(server.port, `/admin/${file}`);
        assert.equal(res.status, 200, file);
        const type = String(res.headers['content-type']);
        if (file.endsWith('.js')) assert.match(type, /^text\/javascript|^application\/javascript/);
        if (file.endsWith('.css')) assert.match(type, /^text\/css/);
      }
      assert.equal((await rawGet(server.port, '/admin/no-such-file.js')).status, 404);
      // Nothing outside the package's ui/dist: send refuses `..` whether plain or encoded.
      for (const path of ['/admin/../package.json', '/admin/%2e%2e/package.json']) {
        assert.notEqual((await rawGet(server.port, path)).status, 200, path);
      }
      assert.equal((await rawGet(server.port, '/admin/', 'POST', '{}')).status, 405);
    });

    it("points the page at this server's socket.io path and the admin namespace", async () => {
      const script = await rawGet(server.port, '/admin/connect-defaults.js');
      assert.equal(script.status, 200);
      assert.match(script.body, /localStorage\.setItem\('server_url', location\.origin\)/);
      assert.match(script.body, /"path":"\/socket\.io","namespace":"\/admin","ws_only":"false"/);
    });

    it('lets in the right username and password, and a session id it handed out', async () => {
      const socket = connectClient(`${server.url}/admin`, {
        auth: { username: 'admin', password: PASSWORD },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      // admin-ui hands a signed-in page a session id (to reconnect without the password).
      const sessionId = await within(
        5000,
        'a session id',
        new Promise<string>((resolve, reject) => {
          socket.once('session', resolve);
          socket.once('connect_error', reject);
        }),
      );
      assert.equal(socket.connected, true);
      sockets.push(await connectAdmin(server.url, { sessionId }));
    });

    it('refuses a wrong password, a wrong username, no credentials and an unknown session', async () => {
      const refusals: [Record<string, unknown>, string][] = [
        [{ username: 'admin', password: 'wrong' }, 'invalid credentials'],
        [{ username: 'root', password: PASSWORD }, 'invalid credentials'],
        [{}, 'sign in with the username and password'],
        [{ sessionId: 'made-up' }, 'sign in with the username and password'],
      ];
      for (const [auth, message] of refusals) {
        await assert.rejects(connectAdmin(server.url, auth), { message }, JSON.stringify(auth));
      }
    });

    it("keeps admin connections out of the app's connection log", async () => {
      sockets.push(await connectAdmin(server.url, { username: 'admin', password: PASSWORD }));
      const { client } = await server.connect();
      const opened = logLines.filter((line) => line.msg === 'connection opened');
      assert.deepEqual(
        opened.map((line) => line.id),
        [client.id],
      );
    });
  });

  it("closes admin connections at shutdown like the app's, so they do not hold it up", async () => {
    const server = await startServer(admin, 5000, { adminPasswordHash: HASH });
    const socket = await connectAdmin(server.url, { username: 'admin', password: PASSWORD });
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await server.close();
    // Told to go by the server, not cut off when socket.io closes after waiting for it.
    assert.equal(await within(5000, 'the disconnect', reason), 'io server disconnect');
    socket.close();
  });

  describe('refuses to start', () => {
    const cases: [string, string, RegExp][] = [
      ['without ADMIN_PASSWORD_HASH', '', /set ADMIN_PASSWORD_HASH; `npm run admin-password`/],
      [
        'with a password instead of its hash',
        PASSWORD,
        /^ADMIN_PASSWORD_HASH is not a bcrypt hash \(got 28 characters.*`npm run admin-password`/,
      ],
      [
        'with a hash cut short at a $ (a shell expanded it)',
        HASH.slice(0, 7),
        /^ADMIN_PASSWORD_HASH is not a bcrypt hash \(got 7 characters/,
      ],
    ];
    for (const [what, hash, pattern] of cases) {
      it(what, async () => {
        await assert.rejects(startServer(admin, 5000, { adminPasswordHash: hash }), (err) => {
          startupError(pattern)(err);
          // The value itself is never repeated: it may be a password pasted by mistake.
          assert.ok(hash === '' || !String(err).includes(hash), String(err));
          return true;
        });
      });
    }

    it('with webSockets.enable false (nothing to watch)', async () => {
      await assert.rejects(
        startServer({ ...admin, webSockets: { enable: false } }, 5000, {
          adminPasswordHash: HASH,
        }),
        startupError(/^adminUi\.enable is true but webSockets\.enable is false/),
      );
    });
  });
});
