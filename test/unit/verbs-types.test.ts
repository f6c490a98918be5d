// The generated server's verb table is typed against its protocol (templates/app/src/socket/verbs.ts
// against src/protocol/events.ts): an event without a handler, a handler without an event, or a
// handler for an event that takes no acknowledgement does not compile.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compilerOptions, repoRoot, typeErrors } from '../helpers/typecheck.js';

const app = join(repoRoot, 'templates/app');
const verbsFile = join(app, 'src/socket/verbs.ts');
const eventsFile = join(app, 'src/protocol/events.ts');
const options = { ...compilerOptions(join(app, 'tsconfig.json')), noEmit: true };
// A project gets src/config/ from src/shared/ when it is generated, under the same names.
const shared = Object.fromEntries(
  readdirSync(join(repoRoot, 'src/shared'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [join(app, 'src/config', name), join(repoRoot, 'src/shared', name)]),
);

function errorsWith(replaced: Record<string, string> = {}): string[] {
  return typeErrors([verbsFile], options, replaced, shared).map(
    (e) => `${e.file}:${e.line}: ${e.message}`,
  );
}

function edited(path: string, from: string, to: string): Record<string, string> {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${path} has ${from}`);
  return { [path]: text.replace(from, to) };
}

describe('the verb table', () => {
  test('compiles against the protocol as shipped', () => {
    assert.equal(errorsWith().join('\n'), '');
  });

  test('an event in the protocol without a handler does not compile', () => {
    const errors = errorsWith(
      edited(
        eventsFile,
        '  quit: () => void;',
        '  ping: (payload: Record<string, never>, ack?: Ack) => void;\n  quit: () => void;',
      ),
    );
    assert.ok(errors.length > 0);
    assert.ok(
      errors.every((e) => e.startsWith('templates/app/src/socket/verbs.ts:')),
      errors.join('\n'),
    );
    assert.match(errors.join('\n'), /'ping'/);
  });

  test('a handler for an event not in the protocol does not compile', () => {
    const errors = errorsWith(
      edited(
        verbsFile,
        "  quit: { kind: 'disconnect' },",
        "  ping: { kind: 'sync', handle: say },\n  quit: { kind: 'disconnect' },",
      ),
    );
    assert.ok(errors.length > 0);
    assert.ok(
      errors.every((e) => e.startsWith('templates/app/src/socket/verbs.ts:')),
      errors.join('\n'),
    );
    assert.match(errors.join('\n'), /'ping'/);
  });

  test('an event that takes no acknowledgement can only close the connection', () => {
    const errors = errorsWith(
      edited(
        verbsFile,
        "  quit: { kind: 'disconnect' },",
        "  quit: { kind: 'sync', handle: say },",
      ),
    );
    assert.ok(errors.length > 0);
    assert.ok(
      errors.every((e) => e.startsWith('templates/app/src/socket/verbs.ts:')),
      errors.join('\n'),
    );
  });
});
