// The example page in headless chromium against a generated, booted project, once with
// websocket as the only transport and once with polling only; then a project whose connection
// middleware turns every page away.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  createProject as createPlainProject,
  type Project as PlainProject,
  type Server,
} from '../helpers/project.js';
import { chromiumArgs, chromiumPath, createProject, type Project } from './project.ts';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const WAIT = 20000;

async function openPage(browser: Browser, project: Project, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(WAIT);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(project.url + '/');
  await page.locator('#status[data-state="connected"]').waitFor();
  await page.locator('#action-select option').first().waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
  return page;
}

/** Sends `text` from `page` and waits until it shows in its own log. */
async function say(page: Page, text: string): Promise<void> {
  await page.fill('#say-input', text);
  await page.click('#say-send');
  await page.locator('#messages li.mine', { hasText: text }).waitFor();
}

async function heard(page: Page, text: string): Promise<void> {
  await page.locator('#messages li.say:not(.mine)', { hasText: text }).last().waitFor();
}

async function changeRoom(page: Page, room: string): Promise<void> {
  await page.fill('#room-input', room);
  await page.click('#room-change');
  await page.locator('#current-room', { hasText: room }).waitFor();
}

for (const transport of ['websocket', 'polling']) {
  describe(`the example page, ${transport} only`, () => {
    let project: Project;
    let browser: Browser;
    let a: Page;
    let b: Page;

    before(async () => {
      project = await createProject(['--transport', transport]);
      await project.start();
      browser = await chromium.launch({
        executablePath: chromiumPath(),
        headless: true,
        args: chromiumArgs,
      });
      a = await openPage(browser, project);
      b = await openPage(browser, project, 390);
    });

    after(async () => {
      await browser?.close();
      await project?.remove();
    });

    test('it uses the transport the server announces', async () => {
      const config = await a.evaluate(
        () =>
          (globalThis as unknown as { ActionHeroWebSocketConfig?: { transports: string[] } })
            .ActionHeroWebSocketConfig,
      );
      assert.deepEqual(config?.transports, [transport]);
      const loaded = await a.evaluate(() => typeof (globalThis as unknown as { io?: unknown }).io);
      assert.equal(loaded, 'function');
    });

    test('seed-era page code runs unchanged', async () => {
      const result = await a.evaluate(
        () =>
          new Promise<{ value: string; delta: number }>((resolve, reject) => {
            type Seed = new () => {
              on(event: string, fn: (...args: never[]) => void): void;
              action(
                name: string,
                params: object,
                cb: (err: Error | null, r: never, d: number) => void,
              ): void;
              quit(): void;
            };
            const actionHeroWebSocket = (globalThis as unknown as { actionHeroWebSocket: Seed })
              .actionHeroWebSocket;
            const timer = setTimeout(() => reject(new Error('no answer')), 15000);
            const s = new actionHeroWebSocket();
            s.on('error', () => undefined);
            s.on('connected', () => {
              s.action(
                'cacheTest',
                { key: 'seed', value: 'seed value' },
                function (err, response, delta) {
                  clearTimeout(timer);
                  s.quit();
                  if (err) return reject(err);
                  const results = (
                    response as { cacheTestResults: { loadResp: { value: string } } }
                  ).cacheTestResults;
                  resolve({ value: results.loadResp.value, delta });
                },
              );
            });
          }),
      );
      assert.equal(result.value, 'seed value');
      assert.equal(typeof result.delta, 'number');
    });

    test('two pages chat and see each other', async () => {
      await say(a, `hello from a over ${transport}`);
      await heard(b, `hello from a over ${transport}`);
      await say(b, 'hello back from b');
      await heard(a, 'hello back from b');
    });

    test('cacheTest round-trips and shows its result and delta', async () => {
      await a.selectOption('#action-select', 'cacheTest');
      await a.fill('#action-inputs input[name="key"]', 'browser');
      await a.fill('#action-inputs input[name="value"]', `value over ${transport}`);
      await a.click('#run-action');
      await a.locator('#action-result[data-outcome="ok"]').waitFor();
      const result = JSON.parse(await a.locator('#action-result').innerText()) as {
        cacheTestResults: { loadResp: { value: string } };
      };
      assert.equal(result.cacheTestResults.loadResp.value, `value over ${transport}`);
      assert.match(await a.locator('#action-delta').innerText(), /^\d+ ms$/);
    });

    test('raw JSON params and an error reply are shown', async () => {
      await a.check('#raw-json');
      await a.selectOption('#action-select', 'cacheTest');
      await a.fill('#action-json', '{"key": "only-a-key"}');
      await a.click('#run-action');
      await a.locator('#action-result[data-outcome="error"]').waitFor();
      assert.match(await a.locator('#action-result').innerText(), /value is a required parameter/);
      await a.uncheck('#raw-json');
    });

    test('markup in a message is shown as text', async () => {
      const attack = '<img src=x onerror="window.__xss=1"><b>bold</b>';
      await say(a, attack);
      await heard(b, attack);
      for (const page of [a, b]) {
        assert.equal(await page.locator('#messages img, #messages b').count(), 0);
        assert.equal(
          await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss),
          undefined,
        );
        assert.equal(await page.locator('#messages li', { hasText: attack }).count(), 1);
      }
    });

    test('room change, listen and silence', async () => {
      await changeRoom(a, 'lobby');
      // b stays in defaultRoom but listens to lobby.
      await b.fill('#listen-input', 'lobby');
      await b.click('#listen');
      await b.locator('#listening', { hasText: 'lobby' }).waitFor();
      await say(a, 'heard by a listener');
      await heard(b, 'heard by a listener');

      await b.fill('#listen-input', 'lobby');
      await b.click('#silence');
      await b.locator('#listening', { hasText: 'none' }).waitFor();
      await say(a, 'not for b');
      // a's next message, in b's room, comes after "not for b": once b has it, b would
      // already have had "not for b".
      await changeRoom(a, 'defaultRoom');
      await say(a, 'for b again');
      await heard(b, 'for b again');
      assert.equal(await b.locator('#messages li', { hasText: 'not for b' }).count(), 0);
    });

    test('the page survives a server restart and rejoins its room', async () => {
      await changeRoom(a, 'afterRestart');
      await changeRoom(b, 'afterRestart');
      const reconnectedLines = async (page: Page) =>
        page.locator('#messages li', { hasText: 'reconnected' }).count();
      const before = [await reconnectedLines(a), await reconnectedLines(b)];
      await project.restart();
      for (const [i, page] of [a, b].entries()) {
        await page
          .locator('#messages li', { hasText: 'reconnected' })
          .nth(before[i] ?? 0)
          .waitFor();
        await page.locator('#status[data-state="connected"]').waitFor();
        await page.locator('#details dd', { hasText: 'afterRestart' }).waitFor();
        assert.equal(await page.locator('#current-room').innerText(), 'afterRestart');
      }
      await say(a, 'still here');
      await heard(b, 'still here');
      mkdirSync(artifacts, { recursive: true });
      await a.screenshot({ path: `${artifacts}page-${transport}.png`, fullPage: true });
      await b.screenshot({ path: `${artifacts}page-${transport}-phone.png`, fullPage: true });
    });
  });
}

describe('the example page, turned away by a connection middleware', () => {
  let project: PlainProject;
  let server: Server | undefined;
  let browser: Browser | undefined;

  before(async () => {
    project = await createPlainProject();
    writeFileSync(
      join(project.dir, 'src/middleware/closed.ts'),
      [
        "import { defineConnectionMiddleware, refuse } from '../core/middleware.js';",
        '',
        'export default defineConnectionMiddleware({',
        "  name: 'closed',",
        '  create() {',
        "    refuse('this server lets nobody in');",
        '  },',
        '});',
        '',
      ].join('\n'),
    );
    const built = await project.npm(['run', 'build']);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    server = await project.start();
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: chromiumArgs,
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    project?.remove();
  });

  test('the page shows the refusal and stops trying', async () => {
    const page = await (browser as Browser).newPage();
    page.setDefaultTimeout(WAIT);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${(server as Server).url}/`);
    await page.locator('#status[data-state="refused"]').waitFor();
    await page
      .locator('#messages li.error', {
        hasText: 'the server refused the connection: Error: this server lets nobody in',
      })
      .waitFor();
    assert.equal(await page.locator('#messages li.error').count(), 1);
    assert.deepEqual(errors, []);
  });
});
