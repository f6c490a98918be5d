// yo actionhero-ws:action: writes the action and its test; GEN-01 refuses path-like, reserved
// and taken names with a message, and then nothing is written anywhere.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runFailing, runGenerator } from '../helpers/generator.js';
import { changed, snapshot } from '../helpers/snapshot.js';

describe('action generator', () => {
  let project = '';

  before(async () => {
    const { dir } = await runGenerator({ args: ['proj'], options: { defaults: true } });
    project = join(dir, 'proj');
  });

  it('adds src/actions/NAME.ts and test/actions/NAME.test.ts and nothing else', async () => {
    const start = snapshot(project);
    await runGenerator({
      generator: 'action',
      dir: project,
      args: ['greet'],
      options: { description: "Says 'hi' `${x}` </script>", inputs: 'who:required,times:integer' },
    });
    assert.deepEqual(changed(start, snapshot(project)), [
      'src/actions/greet.ts',
      'test/actions/greet.test.ts',
    ]);
    const source = readFileSync(join(project, 'src/actions/greet.ts'), 'utf8');
    assert.match(source, /name: 'greet',/);
    assert.match(source, /description: "Says 'hi' `\$\{x\}` <\/script>",/);
    assert.match(
      source,
      /who: \{ required: true, schema: \{ type: 'string', maxLength: 1000 \} \},/,
    );
    assert.match(source, /defineAction<\{ who: string; times\?: number \}>/);
    const test = readFileSync(join(project, 'test/actions/greet.test.ts'), 'utf8');
    assert.match(test, /Error: who is a required parameter for this action/);
  });

  const refused: [string, RegExp][] = [
    ['../../x', /not a path/],
    ['/abs', /not a path/],
    ['a/b', /not a path/],
    ['..\\x', /not a path/],
    ['', /is required/],
    ['__proto__', /reserved name/],
    ['constructor', /reserved name/],
    ['toString', /reserved name/],
    ['hasOwnProperty', /reserved name/],
    ['valueOf', /reserved name/],
    ['con', /reserved name/],
    ['1abc', /must start with a letter/],
    ['has space', /must start with a letter/],
    ['status', /already exists/],
    ['Status', /already exists/],
    ['greet', /already exists/],
  ];
  for (const [name, message] of refused) {
    it(`GEN-01: refuses ${JSON.stringify(name)} and writes nothing anywhere`, async () => {
      const parent = dirname(project);
      const start = snapshot(parent);
      const { error } = await runFailing({ generator: 'action', dir: project, args: [name] });
      assert.match(error.message, message);
      assert.match(error.message, /^NAME: /);
      assert.match(error.message, /Nothing was written\.$/);
      assert.deepEqual(changed(start, snapshot(parent)), []);
      for (const outside of ['../../x.ts', '../../../x.ts', '../x.ts', '/abs.ts', '../x']) {
        assert.equal(existsSync(join(project, 'src/actions', outside)), false, outside);
      }
    });
  }

  it('refuses bad --inputs, every problem at once', async () => {
    const { error } = await runFailing({
      generator: 'action',
      dir: project,
      args: ['fine'],
      options: { inputs: '__proto__,a:weird,b,b' },
    });
    assert.equal(error.message.split('\n').filter((l) => l.startsWith('--inputs')).length, 3);
  });

  it('refuses to run outside a project', async () => {
    const { error } = await runFailing({ generator: 'action', args: ['fine'] });
    assert.match(error.message, /src\/actions\/ is missing/);
  });
});
