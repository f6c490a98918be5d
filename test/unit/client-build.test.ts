// The browser client: the committed script matches its TypeScript source, its hand-kept types
// compile against the source and a usage sample, and it loads in Node as CommonJS.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { clientOutput, renderClient } from '../../scripts/build-client.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the committed actionHeroWebSocket.js is built from the current source', async () => {
  const committed = readFileSync(clientOutput, 'utf8');
  assert.ok(
    committed === (await renderClient()),
    'templates/app/public/javascript/actionHeroWebSocket.js is stale: run npm run build:client',
  );
});

test('the client source, its .d.ts and the usage sample type-check as a DOM script', () => {
  const configPath = `${root}tsconfig.client.json`;
  const { config } = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const messages = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(messages, []);
});

test('the script is plain ES2020 with no module syntax, loadable as a classic <script>', () => {
  const text = readFileSync(clientOutput, 'utf8');
  assert.doesNotMatch(text, /^\s*(import|export)\s/m);
  const file = ts.createSourceFile('c.js', text, ts.ScriptTarget.ES2020, false, ts.ScriptKind.JS);
  assert.equal(ts.isExternalModule(file), false);
});

test('Node loads it as CommonJS under both names', () => {
  const require = createRequire(clientOutput);
  const exported = require(clientOutput) as {
    ActionHeroWebSocket: unknown;
    actionHeroWebSocket: unknown;
  };
  assert.equal(typeof exported, 'function');
  assert.equal(exported.ActionHeroWebSocket, exported);
  assert.equal(exported.actionHeroWebSocket, exported);
});
