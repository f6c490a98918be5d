// The client's types are the server's protocol: a request with a payload the protocol does not
// allow does not compile, and a payload changed in templates/app/src/protocol/events.ts changes
// the declarations the client is built with.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import ts from 'typescript';
import { buildClient, clientOutputDir } from '../../scripts/build-client.ts';
import { describeErrors, repoRoot, typeErrors } from '../helpers/typecheck.js';

// How a TypeScript project of a user would see the shipped files.
const nodeNext: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  strict: true,
  noEmit: true,
  types: [],
  // TypeScript's own libs are not under test (the built .d.ts files are).
  skipDefaultLibCheck: true,
};

/** A usage file beside the built client in `dir`: each line after the first is one call. */
function usage(dir: string, calls: string[]): { path: string; text: string } {
  const path = join(dir, '__usage.mts');
  const text = [
    "import ActionHeroWebSocket from './actionHeroWebSocket.mjs'; const client = new ActionHeroWebSocket();",
    ...calls,
  ].join('\n');
  return { path, text };
}

/** The lines of `calls` (1-based, as in `usage`) that do not compile against the client in `dir`. */
function failingCalls(dir: string, calls: string[]): number[] {
  const { path, text } = usage(dir, calls);
  const errors = typeErrors([path], nodeNext, { [path]: text });
  assert.ok(
    errors.every((e) => e.file.endsWith('__usage.mts')),
    `errors outside the usage file:\n${describeErrors(errors)}`,
  );
  return [...new Set(errors.map((e) => e.line - 1))].sort((a, b) => a - b);
}

describe('the built client types', () => {
  test('the documented calls compile', () => {
    const calls = [
      "client.say('hello');",
      "client.roomChange('lobby').then((reply) => reply.room?.toUpperCase());",
      'client.detailsView().then((reply) => reply.details?.listeningRooms.length);',
      'client.roomView().then((reply) => reply.roomStatus?.membersCount);',
      "client.action('cacheTest', { key: 'k', value: 'v' }, (err, reply) => err ?? reply?.status);",
      "client.on('say', (message) => message.from + message.room + message.sentAt.toFixed());",
    ];
    assert.deepEqual(failingCalls(clientOutputDir, calls), []);
  });

  test('a request with a payload the protocol does not allow does not compile', () => {
    const calls = [
      'client.say(42);',
      "client.roomChange({ room: 'lobby' });",
      "client.listenToRoom('lobby', 'not a callback');",
      "client.action('cacheTest', 'key=k');",
      "client.roomChange('lobby').then((reply) => reply.details);",
      "client.on('welcome', (message: { welcome: number }) => message);",
    ];
    assert.deepEqual(failingCalls(clientOutputDir, calls), [1, 2, 3, 4, 5, 6]);
  });

  test('the classic-script types say the same, for pages and for require', () => {
    const page = join(clientOutputDir, '__page.ts');
    const required = join(clientOutputDir, '__required.cts');
    const errors = typeErrors([page, required], nodeNext, {
      [page]: [
        "new actionHeroWebSocket().say('hello');",
        'new ActionHeroWebSocket().say(42);',
        "window.ActionHeroWebSocketConfig = { path: '/socket.io' };",
      ].join('\n'),
      [required]: [
        "import ActionHeroWebSocket = require('./actionHeroWebSocket.js');",
        'new ActionHeroWebSocket().say(42);',
        "const reply: Promise<ActionHeroWebSocket.Response> = new ActionHeroWebSocket().say('hi');",
      ].join('\n'),
    });
    assert.deepEqual(
      errors.map((e) => `${e.file.split('/').pop()}:${e.line}`),
      ['__page.ts:2', '__required.cts:2'],
      describeErrors(errors),
    );
  });
});

describe('a payload changed in protocol/events.ts', () => {
  const root = mkdtempSync(join(tmpdir(), 'ahws-client-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('changes the built declarations and what compiles against them', async () => {
    for (const path of [
      'tsconfig.client.json',
      'src/client',
      'templates/app/src/protocol/events.ts',
    ]) {
      cpSync(join(repoRoot, path), join(root, path), { recursive: true });
    }
    const events = join(root, 'templates/app/src/protocol/events.ts');
    const original = readFileSync(events, 'utf8');
    const changed = original.replace(
      'say: (payload: { message: string }',
      'say: (payload: { message: number }',
    );
    assert.notEqual(changed, original, 'the say payload is where this test expects it');
    writeFileSync(events, changed);

    const { files } = await buildClient(root);
    const out = join(root, 'out');
    for (const [name, text] of files) {
      mkdirSync(dirname(join(out, name)), { recursive: true });
      writeFileSync(join(out, name), text);
    }
    const committed = readFileSync(join(clientOutputDir, 'protocol/events.d.ts'), 'utf8');
    const built = files.get('protocol/events.d.ts') ?? '';
    assert.notEqual(built, committed);
    assert.match(built, /message: number;/);
    assert.match(committed, /message: string;/);

    const calls = ["client.say('hello');", 'client.say(42);'];
    assert.deepEqual(failingCalls(clientOutputDir, calls), [2]);
    assert.deepEqual(failingCalls(out, calls), [1]);
  });
});
