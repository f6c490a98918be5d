// The browser client as every project ships it: the committed files are a fresh build of
// src/client/, the seed-era page code and the documented uses compile against the built types,
// the script loads as a classic <script> and in Node as CommonJS, the module as an ES module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { buildClient, clientOutputDir } from '../../scripts/build-client.ts';
import { compilerOptions, describeErrors, repoRoot, typeErrors } from '../helpers/typecheck.js';

const script = join(clientOutputDir, 'actionHeroWebSocket.js');
const module = join(clientOutputDir, 'actionHeroWebSocket.mjs');
const fresh = buildClient();

test('the committed client files are a fresh build of src/client/', async () => {
  const { files } = await fresh;
  assert.deepEqual([...files.keys()].sort(), [
    'actionHeroWebSocket.d.mts',
    'actionHeroWebSocket.d.ts',
    'actionHeroWebSocket.js',
    'actionHeroWebSocket.mjs',
    'protocol/events.d.ts',
  ]);
  for (const [name, text] of files) {
    assert.ok(
      readFileSync(join(clientOutputDir, name), 'utf8') === text,
      `templates/app/public/javascript/${name} is stale: run npm run build:client`,
    );
  }
});

test('only the client is bundled: the protocol reaches it as types only', async () => {
  const { bundled } = await fresh;
  assert.deepEqual(bundled, ['src/client/actionHeroWebSocket.mts', 'src/client/script.ts']);
});

test('the usage sample type-checks as a DOM script against the built actionHeroWebSocket.d.ts', () => {
  const options = compilerOptions(join(repoRoot, 'tsconfig.client.json'));
  const errors = typeErrors(
    [
      join(clientOutputDir, 'actionHeroWebSocket.d.ts'),
      join(repoRoot, 'test/browser/client-types.check.ts'),
    ],
    options,
  );
  assert.equal(describeErrors(errors), '');
});

test('the script is plain ES2020 with no module syntax, loadable as a classic <script>', () => {
  const text = readFileSync(script, 'utf8');
  assert.doesNotMatch(text, /^\s*(import|export)\s/m);
  const file = ts.createSourceFile('c.js', text, ts.ScriptTarget.ES2020, false, ts.ScriptKind.JS);
  assert.equal(ts.isExternalModule(file), false);
});

test('Node loads the script as CommonJS under both names', () => {
  const require = createRequire(script);
  const exported = require(script) as {
    ActionHeroWebSocket: unknown;
    actionHeroWebSocket: unknown;
    default: unknown;
  };
  assert.equal(typeof exported, 'function');
  assert.equal(exported.ActionHeroWebSocket, exported);
  assert.equal(exported.actionHeroWebSocket, exported);
  assert.equal(exported.default, exported);
});

test('the ES module exports the class by name and as default, and defines no globals', async () => {
  const loaded = (await import(pathToFileURL(module).href)) as {
    default: unknown;
    ActionHeroWebSocket: unknown;
  };
  assert.equal(typeof loaded.default, 'function');
  assert.equal(loaded.ActionHeroWebSocket, loaded.default);
  assert.equal('actionHeroWebSocket' in globalThis, false);
});
