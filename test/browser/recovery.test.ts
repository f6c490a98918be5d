// Connection state recovery in a real browser: the example page of a project generated with
// `--setting connectionStateRecovery` loses its network (a TCP proxy between chromium and the
// server drops every connection and refuses new ones), another page says messages meanwhile,
// and when the network is back the page's client reports `recovered: true`, shows every message
// of the gap once and in order, is still in its room and listened room, and nobody is told it
// entered again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { chromiumArgs, chromiumPath, createProject, type Project } from './project.ts';

const WAIT = 20000;

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.goto(url + '/');
  await page.locator('#status[data-state="connected"]').waitFor();
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('#say-input', text);
  await page.click('#say-send');
  await page.locator('#messages li.mine', { hasText: text }).waitFor();
}

async function changeRoom(page: Page, room: string): Promise<void> {
  await page.fill('#room-input', room);
  await page.click('#room-change');
  await page.locator('#current-room', { hasText: room }).waitFor();
}

/** The texts of the chat lines a page shows from others, in order. */
async function heardTexts(page: Page): Promise<string[]> {
  return page.locator('#messages li.say:not(.mine) .text').allInnerTexts();
}

/** Each way the page is tried: a transport, and whether the server keeps state in Redis Streams. */
const variants = [
  { transport: 'websocket', streams: false },
  { transport: 'polling', streams: false },
  { transport: 'websocket', streams: true },
];

for (const { transport, streams } of variants) {
  const where = streams ? ', on the Redis Streams adapter' : '';
  describe(`the example page recovers after a network drop, ${transport} only${where}`, () => {
    let project: Project;
    let network: TcpProxy;
    let browser: Browser;
    let redis: RedisServer | undefined;

    before(async () => {
      redis = streams ? await startRedis() : undefined;
      project = await createProject(
        [
          '--setting',
          'connectionStateRecovery',
          '--transport',
          transport,
          ...(streams ? ['--redis', '--redis-adapter', 'streams'] : []),
        ],
        redis ? { REDIS_URL: redis.url } : {},
      );
      await project.start();
      network = await startTcpProxy(Number(new URL(project.url).port));
      browser = await chromium.launch({
        executablePath: chromiumPath(),
        headless: true,
        args: chromiumArgs,
      });
    });

    after(async () => {
      await browser?.close();
      await network?.close();
      await project?.remove();
      await redis?.kill();
    });

    test('the gap is shown once, in order, and nothing is rejoined or announced', async () => {
      const away = await openPage(browser, `http://127.0.0.1:${network.port}`); // behind the proxy
      const other = await openPage(browser, project.url);
      await changeRoom(away, 'gap');
      await changeRoom(other, 'gap');
      await away.fill('#listen-input', 'news');
      await away.click('#listen');
      await away.locator('#listening', { hasText: 'news' }).waitFor();
      await say(other, 'before the drop');
      await away.locator('#messages li.say', { hasText: 'before the drop' }).waitFor();
      const welcome = await away.locator('#welcome').innerText();
      const otherHeardBefore = await heardTexts(other);

      network.down();
      await away.locator('#status[data-state="reconnecting"]').waitFor();
      const gap = Array.from({ length: 20 }, (_, i) => `gap ${i}`);
      for (const text of gap) await say(other, text);
      network.restore();

      await away.locator('#messages li', { hasText: 'reconnected, nothing missed' }).waitFor();
      await away.locator('#status[data-state="connected"]').waitFor();
      await say(other, 'after the drop');
      await away.locator('#messages li.say', { hasText: 'after the drop' }).waitFor();
      const heard = (await heardTexts(away)).filter((text) => /^gap \d+$|drop$/.test(text));
      assert.deepEqual(heard, ['before the drop', ...gap, 'after the drop']);

      // Same room and listened room, and no second welcome.
      assert.equal(await away.locator('#current-room').innerText(), 'gap');
      assert.equal(await away.locator('#listening').innerText(), 'news');
      const systemLines = await away.locator('#messages li.system').allInnerTexts();
      assert.notEqual(welcome, '');
      assert.equal(systemLines.filter((line) => line === welcome).length, 1, 'one welcome');

      // The other page hears the recovered page, and was told of no leave nor entry.
      await say(away, 'back again');
      await other.locator('#messages li.say', { hasText: 'back again' }).waitFor();
      const otherHeard = (await heardTexts(other)).slice(otherHeardBefore.length);
      assert.deepEqual(otherHeard, ['back again']);
    });
  });
}
