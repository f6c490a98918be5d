// The ES module form of the client, public/javascript/actionHeroWebSocket.mjs, against a booted
// project: imported by a page in chromium and by Node, it speaks the same protocol as the script.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath, createProject, type Project } from './project.ts';
import type * as Client from '../../templates/app/public/javascript/actionHeroWebSocket.mjs';

let project: Project;
let browser: Browser;

before(async () => {
  project = await createProject();
  await project.start();
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
  });
});

after(async () => {
  await browser?.close();
  await project?.remove();
});

describe('actionHeroWebSocket.mjs', () => {
  test('is served as JavaScript, so a page may import it', async () => {
    const res = await fetch(`${project.url}/public/javascript/actionHeroWebSocket.mjs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^(text|application)\/javascript/);
  });

  test('a page imports it, and it runs an action and chats', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${project.url}/`);
    const result = await page.evaluate(async () => {
      const url = '/public/javascript/actionHeroWebSocket.mjs';
      const { default: ActionHeroWebSocket } = (await import(url)) as typeof Client;
      const client = new ActionHeroWebSocket({ timeout: 15000 });
      try {
        const random = await client.action('randomNumber');
        const room = await client.roomChange('moduleRoom');
        const details = await client.detailsView();
        return { status: random.status, room: room.room, details: details.details?.room };
      } finally {
        client.quit();
      }
    });
    assert.deepEqual(result, { status: 'OK', room: 'moduleRoom', details: 'moduleRoom' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Node imports it, and it finds socket.io-client by itself', async () => {
    const url = pathToFileURL(`${project.dir}/public/javascript/actionHeroWebSocket.mjs`).href;
    const { ActionHeroWebSocket } = (await import(url)) as typeof Client;
    const a = new ActionHeroWebSocket({ url: project.url });
    const b = new ActionHeroWebSocket({ url: project.url });
    a.on('error', () => undefined);
    b.on('error', () => undefined);
    try {
      assert.equal((await a.action('status')).status, 'OK');
      await Promise.all([a.roomChange('moduleChat'), b.roomChange('moduleChat')]);
      const heard = new Promise<Client.SayMessage>((resolve) =>
        b.on('say', (message) => {
          if (message.message === 'hello from the module') resolve(message);
        }),
      );
      await a.say('hello from the module');
      const message = await heard;
      assert.equal(message.from, a.details?.id ?? (await a.detailsView()).details?.id);
      assert.equal(message.room, 'moduleChat');
    } finally {
      a.quit();
      b.quit();
    }
  });
});
