// yo actionhero-ws:middleware: writes the middleware of each kind and its test, which type-check
// against the project's server and are prettier-clean as written; names are refused as :action
// refuses them (GEN-01), as is an unknown --kind, and then nothing is written anywhere.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import prettier from 'prettier';
import { repoRoot, runFailing, runGenerator } from '../helpers/generator.js';
import { changed, snapshot } from '../helpers/snapshot.js';
import { compilerOptions, describeErrors, typeErrors } from '../helpers/typecheck.js';

const KINDS = {
  action: 'defineActionMiddleware',
  connection: 'defineConnectionMiddleware',
  chat: 'defineChatMiddleware',
} as const;

describe('middleware generator', () => {
  let project = '';

  before(async () => {
    const { dir } = await runGenerator({ args: ['proj'], options: { defaults: true } });
    project = join(dir, 'proj');
  });

  for (const [kind, define] of Object.entries(KINDS)) {
    it(`--kind ${kind} adds src/middleware/NAME.ts and test/middleware/NAME.test.ts, nothing else`, async () => {
      const name = `${kind}Guard`;
      const start = snapshot(project);
      await runGenerator({
        generator: 'middleware',
        dir: project,
        args: [name],
        options: { kind },
      });
      assert.deepEqual(changed(start, snapshot(project)), [
        `src/middleware/${name}.ts`,
        `test/middleware/${name}.test.ts`,
      ]);
      const source = readFileSync(join(project, `src/middleware/${name}.ts`), 'utf8');
      assert.match(source, new RegExp(`export default ${define}\\(\\{\\n  name: '${name}',`));
      const test = readFileSync(join(project, `test/middleware/${name}.test.ts`), 'utf8');
      assert.match(test, new RegExp(`m\\.name === '${name}'`));
    });
  }

  it('without --kind adds an action middleware; --description heads the file', async () => {
    await runGenerator({
      generator: 'middleware',
      dir: project,
      args: ['plain'],
      options: { description: "Checks 'who' asks,\nand when" },
    });
    const source = readFileSync(join(project, 'src/middleware/plain.ts'), 'utf8');
    assert.match(source, /^\/\/ plain: Checks 'who' asks, and when\n/);
    assert.match(source, /defineActionMiddleware\(/);
    assert.match(source, /global: false,/);
  });

  it('what it writes type-checks against the server and is prettier-clean as written', async () => {
    const files = [...Object.keys(KINDS).map((kind) => `${kind}Guard`), 'plain'].flatMap((name) => [
      `src/middleware/${name}.ts`,
      `test/middleware/${name}.test.ts`,
    ]);
    for (const file of files) {
      const path = join(project, file);
      const options = (await prettier.resolveConfig(path, { editorconfig: false })) ?? {};
      const text = readFileSync(path, 'utf8');
      assert.ok(await prettier.check(text, { ...options, filepath: path }), `${file} is formatted`);
    }
    // The project's own compiler options and types, as after `npm install`.
    symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'), 'dir');
    try {
      const options = { ...compilerOptions(join(project, 'tsconfig.json')), noEmit: true };
      const errors = typeErrors(
        files.map((file) => join(project, file)),
        options,
      );
      assert.equal(describeErrors(errors), '');
    } finally {
      rmSync(join(project, 'node_modules'));
    }
  });

  const refused: [string, RegExp][] = [
    ['../../x', /not a path \(got "..\/..\/x"\); the file is always src\/middleware\/NAME\.ts/],
    ['/abs', /not a path/],
    ['a/b', /not a path/],
    ['..\\x', /not a path/],
    ['', /is required: yo actionhero-ws:middleware NAME --kind/],
    ['__proto__', /reserved name/],
    ['constructor', /reserved name/],
    ['toString', /reserved name/],
    ['con', /reserved name/],
    ['1abc', /must start with a letter/],
    ['has space', /must start with a letter/],
    ['plain', /a middleware named "plain" already exists \(src\/middleware\/plain\.ts\)/],
    ['PLAIN', /already exists/],
    ['chatGuard', /already exists/],
  ];
  for (const [name, message] of refused) {
    it(`GEN-01: refuses ${JSON.stringify(name)} and writes nothing anywhere`, async () => {
      const parent = dirname(project);
      const start = snapshot(parent);
      const { error } = await runFailing({ generator: 'middleware', dir: project, args: [name] });
      assert.match(error.message, message);
      assert.match(error.message, /^NAME: /);
      assert.match(error.message, /Nothing was written\.$/);
      assert.deepEqual(changed(start, snapshot(parent)), []);
      for (const outside of ['../../x.ts', '../x.ts', '/abs.ts', '../x']) {
        assert.equal(existsSync(join(project, 'src/middleware', outside)), false, outside);
      }
    });
  }

  it('refuses a name its test file already has, and an unknown --kind, every problem at once', async () => {
    const start = snapshot(project);
    const { error } = await runFailing({
      generator: 'middleware',
      dir: project,
      args: ['../bad'],
      options: { kind: 'socket' },
    });
    assert.match(error.message, /^NAME: must be a plain middleware name/m);
    assert.match(error.message, /^--kind: must be action, connection, chat \(got "socket"\)/m);
    assert.deepEqual(changed(start, snapshot(project)), []);
  });

  it('refuses to run outside a project, and in one made before middleware existed', async () => {
    const outside = await runFailing({ generator: 'middleware', args: ['fine'] });
    assert.match(outside.error.message, /src\/actions\/ is missing/);
    const { dir } = await runGenerator({ args: ['old'], options: { defaults: true } });
    const old = join(dir, 'old');
    rmSync(join(old, 'src/core/middleware.ts'));
    const { error } = await runFailing({ generator: 'middleware', dir: old, args: ['fine'] });
    assert.match(
      error.message,
      /src\/core\/middleware\.ts is missing .* run actionhero-ws upgrade/,
    );
    assert.equal(existsSync(join(old, 'src/middleware/fine.ts')), false);
  });
});
