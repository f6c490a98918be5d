// The admin view in headless chromium, against a generated `--admin-ui` project: the hash line
// `npm run admin-password` prints, pasted into .env as it is; the page served by the server (no
// request leaves it) and pointed at it; a wrong password refused on the form; the right one
// showing the app's connected sockets by id in the Sockets view, live.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { chromiumArgs, chromiumPath } from './project.ts';

const WAIT = 20000;
const PASSWORD = 'a browser test password, with $signs $2b and spaces';

let project: Project;
let server: Server;
let browser: Browser;
const clients: Socket[] = [];

/** An ordinary client of the app; resolves once the server has welcomed it. */
async function connectClient(): Promise<Socket> {
  const client = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no welcome')), WAIT);
    client.once('welcome', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  assert.ok(client.id !== undefined);
  return client;
}

before(async () => {
  project = await createProject({ flags: ['--admin-ui'] });
  const printed = await project.npm(['run', '--silent', 'admin-password', '--', PASSWORD]);
  assert.equal(printed.code, 0, printed.stderr);
  const line = printed.stdout.trim();
  assert.match(line, /^ADMIN_PASSWORD_HASH='\$2b\$12\$[./A-Za-z0-9]{53}'$/);
  appendFileSync(join(project.dir, '.env'), `${line}\n`);
  // Not production: admin-ui then sends the page each socket (production sends totals only).
  server = await project.start({ NODE_ENV: 'development' });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
  });
});

after(async () => {
  for (const client of clients) client.close();
  await browser?.close();
  await server?.stop();
  project?.remove();
});

describe('the admin view in a browser', () => {
  let page: Page;
  const errors: string[] = [];
  const elsewhere: string[] = [];

  before(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(WAIT);
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url)) elsewhere.push(req.url());
    });
  });

  test('opens at /admin with the form pointed at this server, asking to sign in', async () => {
    await page.goto(`${server.url}/admin`);
    assert.equal(new URL(page.url()).pathname, '/admin/');
    await page.getByText('Error: sign in with the username and password').waitFor();
    assert.equal(await page.getByLabel('Server URL').inputValue(), server.url);
  });

  test('refuses a wrong password and stays on the form', async () => {
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('Invalid credentials').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Connect' }).isVisible(), true);
  });

  test('signs in with the password and lists the connected sockets by id, live', async () => {
    const first = await connectClient();
    const second = await connectClient();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Connect' }).waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: 'Sockets' }).click();
    await page.getByRole('cell', { name: first.id, exact: true }).waitFor();
    await page.getByRole('cell', { name: second.id, exact: true }).waitFor();
    // The admin page's own connection is on the admin namespace, not among the app's sockets.
    const table = page.locator('table', { hasText: 'IP address' });
    assert.equal(await table.locator('tbody tr').count(), 2, await table.innerText());

    // A socket that connects or leaves shows up or goes without reloading the page.
    const third = await connectClient();
    await page.getByRole('cell', { name: third.id, exact: true }).waitFor();
    const gone = second.id ?? ''; // the client forgets its id once closed
    second.close();
    await page.getByRole('cell', { name: gone, exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: first.id, exact: true }).waitFor();
  });

  test('loaded nothing from outside the server, without a script error', () => {
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(errors, []);
  });
});
