// Day two, against the real bin and a real `npm install`: add an action, then a middleware, to a
// generated project and its own npm test, type check and lint stay green (and run the new tests);
// an action that lists the middleware is served, one that lists an unknown name stops the server
// at start-up; switch Redis on and off with `config`, which adds deploy/ and removes only what the
// user left alone.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/generator.js';
import { run, type RunOutput } from '../helpers/process.js';
import { createProject, type Project } from '../helpers/project.js';

const bin = join(repoRoot, 'dist/bin/actionhero-ws.js');
const DEPLOY_FILES = ['deploy/Dockerfile', 'deploy/docker-compose.yml', 'deploy/nginx.conf'];

/** The counts of node:test's summary, in its TAP (`# pass 3`) or spec (`ℹ pass 3`) form. */
function summary(output: string): { pass: number; fail: number } {
  const count = (name: string): number => {
    const match = new RegExp(`^(?:#|ℹ) ${name} (\\d+)$`, 'm').exec(output);
    assert.ok(match, `no "${name}" count in the test summary:\n${output.slice(-2000)}`);
    return Number(match[1]);
  };
  return { pass: count('pass'), fail: count('fail') };
}

/** The names of the top-level test() calls of a test file. */
function testNames(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^test\('([^']+)'/gm)].map((m) => m[1] ?? '');
}

/** Each of `names` is reported as passed in node:test's output. */
function assertPassed(output: string, names: string[]): void {
  for (const name of names) {
    const passed = new RegExp(
      `^(?:ok \\d+ - |✔ )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      'm',
    );
    assert.match(output, passed, `"${name}" passed`);
  }
}

/**
 * This file runs under node --test, which tells its children to report in its own binary format
 * (NODE_TEST_CONTEXT): the project's npm test must not inherit that, to print a readable summary.
 */
const plain = { NODE_TEST_CONTEXT: undefined };

function assertOk(result: RunOutput, what: string): void {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout.slice(-4000)}\n${result.stderr}`);
}

describe('day two: a new action and middleware, then Redis on and off', () => {
  let project: Project;
  const ahws = (args: string[]): Promise<RunOutput> =>
    run(process.execPath, [bin, ...args], { cwd: project.dir, timeoutMs: 120_000 });
  const config = (): { redis: { enable: boolean } } =>
    JSON.parse(readFileSync(join(project.dir, 'config/config.json'), 'utf8')) as {
      redis: { enable: boolean };
    };

  before(async () => {
    project = await createProject({ install: 'npm' });
  });
  after(() => project?.remove());

  it("GEN-08: `action myThing`: the project's npm test runs its test, type check and lint pass", async () => {
    const first = await project.npm(['test'], plain);
    assertOk(first, 'npm test of the new project');
    const shipped = summary(first.stdout);
    assert.equal(shipped.fail, 0);

    assertOk(await ahws(['action', 'myThing']), 'actionhero-ws action myThing');
    const testFile = join(project.dir, 'test/actions/myThing.test.ts');
    const names = testNames(testFile);
    assert.ok(names.length >= 2, `tests in test/actions/myThing.test.ts: ${names.join(', ')}`);

    const second = await project.npm(['test'], plain);
    assertOk(second, 'npm test after adding myThing');
    assert.deepEqual(summary(second.stdout), { pass: shipped.pass + names.length, fail: 0 });
    assertPassed(second.stdout, names);

    // Arguments after -- reach node: only the new action's tests run.
    const filtered = await project.npm(['test', '--', '--test-name-pattern=myThing'], plain);
    assertOk(filtered, 'npm test -- --test-name-pattern');
    assert.deepEqual(summary(filtered.stdout), { pass: names.length, fail: 0 });

    assertOk(await project.npm(['run', 'typecheck']), 'npm run typecheck');
    assertOk(await project.npm(['run', 'lint']), 'npm run lint');
  });

  it('`middleware myCheck --kind action`: its tests run in npm test, type check and lint pass, an action may list it', async () => {
    assertOk(
      await ahws(['middleware', 'myCheck', '--kind', 'action']),
      'actionhero-ws middleware myCheck --kind action',
    );
    const names = testNames(join(project.dir, 'test/middleware/myCheck.test.ts'));
    assert.ok(names.length >= 2, `tests in test/middleware/myCheck.test.ts: ${names.join(', ')}`);
    const tested = await project.npm(['test'], plain);
    assertOk(tested, 'npm test after adding myCheck');
    assert.equal(summary(tested.stdout).fail, 0);
    assertPassed(tested.stdout, names);
    assertOk(await project.npm(['run', 'typecheck']), 'npm run typecheck');
    assertOk(await project.npm(['run', 'lint']), 'npm run lint');

    // An action lists it: the server starts and answers; a name no middleware has stops it.
    const statusFile = join(project.dir, 'src/actions/status.ts');
    const shipped = readFileSync(statusFile, 'utf8');
    const listing = (list: string): string =>
      shipped.replace('  inputs: {},', `  inputs: {},\n  middleware: [${list}],`);
    try {
      writeFileSync(statusFile, listing("'myCheck'"));
      assertOk(await project.npm(['run', 'build']), 'npm run build');
      const server = await project.start();
      try {
        const res = await fetch(`${server.url}/api/status`);
        assert.equal(res.status, 200);
      } finally {
        await server.stop();
      }
      writeFileSync(statusFile, listing("'myCheck', 'noSuchCheck'"));
      assertOk(await project.npm(['run', 'build']), 'npm run build');
      // Said in one line, as a mistake in the project's files, not as a stack trace.
      await assert.rejects(project.start(), (err: Error) => {
        assert.match(
          err.message,
          /Cannot start: The action "status" lists the middleware "noSuchCheck", but no action middleware is named "noSuchCheck" \(there are: myCheck, signedIn\)/,
        );
        assert.doesNotMatch(err.message, /\n\s+at /);
        return true;
      });
    } finally {
      writeFileSync(statusFile, shipped);
      await project.npm(['run', 'build']);
    }
  });

  it('`config --redis` adds deploy/; `config --no-redis` removes it but keeps an edited file', async () => {
    assert.equal(existsSync(join(project.dir, 'deploy')), false, 'no deploy/ without Redis');
    assertOk(await ahws(['config', '--redis']), 'actionhero-ws config --redis');
    assert.equal(config().redis.enable, true);
    // What `new --redis` writes, to compare with.
    const reference = tempDir();
    try {
      assertOk(
        await run(
          process.execPath,
          [bin, 'new', 'ref', '--defaults', '--redis', '--skip-install'],
          { cwd: reference },
        ),
        'actionhero-ws new ref --redis',
      );
      for (const file of DEPLOY_FILES) {
        assert.equal(
          readFileSync(join(project.dir, file), 'utf8'),
          readFileSync(join(reference, 'ref', file), 'utf8'),
          `${file} as the app generator writes it`,
        );
      }
    } finally {
      rmSync(reference, { recursive: true, force: true });
    }

    appendFileSync(join(project.dir, 'deploy/Dockerfile'), '# my own change\n');
    const edited = readFileSync(join(project.dir, 'deploy/Dockerfile'), 'utf8');
    const off = await ahws(['config', '--no-redis']);
    assertOk(off, 'actionhero-ws config --no-redis');
    assert.equal(config().redis.enable, false);
    assert.equal(readFileSync(join(project.dir, 'deploy/Dockerfile'), 'utf8'), edited);
    assert.equal(existsSync(join(project.dir, 'deploy/docker-compose.yml')), false);
    assert.equal(existsSync(join(project.dir, 'deploy/nginx.conf')), false);
    assert.match(off.stdout + off.stderr, /kept deploy\/Dockerfile: .*you changed it/);
    assert.match(off.stdout + off.stderr, /removed deploy\/nginx\.conf/);
  });
});
