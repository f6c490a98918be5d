// A generated project passes its own `prettier --check .` (part of its `npm run lint`) as written,
// whatever the answers, and after `:action` and `:config`: the same check as the e2e suite's, in
// process and over more variants. Files are checked with the project's own config and ignores.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import prettier from 'prettier';
import { repoRoot, runGenerator } from '../helpers/generator.js';

/** The project's files prettier would check, as `prettier --check .` run in `dir` picks them. */
async function checkedFiles(dir: string): Promise<string[]> {
  const ignorePath = [join(dir, '.gitignore'), join(dir, '.prettierignore')];
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.filter((file) => file.isFile())) {
    const path = join(entry.parentPath, entry.name);
    if (relative(dir, path).split('/').includes('node_modules')) continue;
    const info = await prettier.getFileInfo(path, { ignorePath });
    if (!info.ignored && info.inferredParser) files.push(path);
  }
  return files.sort();
}

/** The files of `dir` that prettier would change, relative to `dir`. */
async function unformatted(dir: string): Promise<string[]> {
  const files = await checkedFiles(dir);
  const bad: string[] = [];
  for (const file of files) {
    const options = (await prettier.resolveConfig(file, { editorconfig: false })) ?? {};
    const text = readFileSync(file, 'utf8');
    if (!(await prettier.check(text, { ...options, filepath: file })))
      bad.push(relative(dir, file));
  }
  return bad;
}

const VARIANTS: Record<string, Record<string, unknown>> = {
  defaults: {},
  'redis, https, polling only (deploy/ and its compose file)': {
    redis: true,
    https: true,
    transport: 'polling',
  },
  'every kind of answer, and a name with markdown characters in the README heading': {
    name: 'x_y_~a~b~~c~~.d-',
    port: '1',
    setting: ['perMessageDeflate', 'serveClient'],
    option: ['pingInterval=10000', 'cors.origin=https://a.example'],
    'log-level': 'debug',
    'server-name': 'Some "quoted" server',
    'welcome-message':
      "it's a long welcome message, longer than one line of a hundred characters, to be sure it is kept",
  },
};

describe('the generated project is prettier-clean', () => {
  it('formats like this repository: src/shared/, the schema and the built client are copied as they are', () => {
    const own = JSON.parse(readFileSync(join(repoRoot, '.prettierrc.json'), 'utf8')) as object;
    const project = JSON.parse(
      readFileSync(join(repoRoot, 'templates/app/_prettierrc.json'), 'utf8'),
    ) as { overrides?: unknown };
    const { overrides, ...options } = project;
    assert.deepEqual(options, own);
    assert.ok(
      overrides,
      'config/config.json and .yo-rc.json are formatted as JSON.stringify writes',
    );
  });

  for (const [title, options] of Object.entries(VARIANTS)) {
    it(title, async () => {
      const { dir } = await runGenerator({
        args: ['app'],
        options: { defaults: true, ...options },
      });
      const project = join(dir, 'app');
      const files = (await checkedFiles(project)).map((file) => relative(project, file));
      for (const file of ['README.md', 'package.json', 'config/config.json', '.yo-rc.json']) {
        assert.ok(files.includes(file), `${file} is checked`);
      }
      assert.ok(
        files.includes('public/javascript/actionHeroWebSocket.js'),
        'the client is checked',
      );
      assert.ok(!files.some((file) => file.startsWith('.actionhero-ws/')), 'the record is not');
      assert.deepEqual(await unformatted(project), []);
    });
  }

  it('stays clean after :action (no inputs, a few of each kind, quotes in the description) and :config --redis', async () => {
    const { dir } = await runGenerator({ args: ['app'], options: { defaults: true } });
    const project = join(dir, 'app');
    await runGenerator({ generator: 'action', dir: project, args: ['myThing'] });
    await runGenerator({
      generator: 'action',
      dir: project,
      args: ['greet'],
      options: {
        description: 'Greets who asks, a number of times.',
        inputs: 'who:required,times:integer,loud:boolean,pitch:number',
      },
    });
    await runGenerator({
      generator: 'action',
      dir: project,
      args: ['profile'],
      options: { description: 'Returns the user\'s profile, as "JSON"\'s ok' },
    });
    await runGenerator({
      generator: 'config',
      dir: project,
      options: { redis: true, 'redis-url': 'redis://:secret@10.0.0.5:6380/2', force: true },
    });
    const files = (await checkedFiles(project)).map((file) => relative(project, file));
    for (const file of [
      'src/actions/greet.ts',
      'test/actions/greet.test.ts',
      'src/actions/profile.ts',
      'deploy/docker-compose.yml',
    ]) {
      assert.ok(files.includes(file), `${file} is written and checked`);
    }
    assert.deepEqual(await unformatted(project), []);
  });

  it('rewraps what :action writes for a long name and description with the installed project prettier', async () => {
    const { dir } = await runGenerator({ args: ['app'], options: { defaults: true } });
    const project = join(dir, 'app');
    // As after `npm install`: the project's own prettier is found in its node_modules.
    symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'), 'dir');
    const name = 'reportEveryOpenConnectionByRoomAndTransport';
    await runGenerator({
      generator: 'action',
      dir: project,
      args: [name],
      options: {
        description:
          'Lists every open connection, grouped by the room it is in and by the transport it uses now.',
        inputs: 'roomNamePrefix:required,includeListeners:boolean',
      },
    });
    const source = readFileSync(join(project, `src/actions/${name}.ts`), 'utf8');
    assert.ok(source.includes(`name: '${name}'`), 'the action is written');
    assert.deepEqual(await unformatted(project), []);
  });
});
