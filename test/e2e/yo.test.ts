// The real `yo` 7 finds this package the way a user's machine does: the packed tarball is
// installed into an npm prefix, yo runs as an unprivileged user (yo refuses root) with that
// prefix on its lookup path, and `yo actionhero-ws` / `yo actionhero-ws:config` /
// `yo actionhero-ws:action` / `yo actionhero-ws:middleware` do their work. The same commands run
// through the package's own bin.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { answerSpecs } from '../../src/answers/answers.js';
import { repoRoot } from '../helpers/generator.js';
import { Terminal } from '../helpers/terminal.js';

const USER = 'ahws-e2e';
const asRoot = userInfo().uid === 0;
const work = mkdtempSync(join(tmpdir(), 'ahws-yo-'));
const prefix = join(work, 'prefix');
const modules = join(prefix, 'lib', 'node_modules');
// yo is installed into the same prefix: the unprivileged user may not be able to read this
// checkout (CI clones into a folder only root can enter).
const yo = join(modules, 'yo', 'lib', 'cli.js');
const yoVersion = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies.yo;

interface Run {
  status: number | null;
  output: string;
}

/** The command line that runs `command` as the unprivileged user (as ourselves when not root). */
function asUser(command: string[]): [string, ...string[]] {
  const env = [
    `HOME=${asRoot ? `/home/${USER}` : process.env.HOME}`,
    `PATH=${process.env.PATH}`,
    `NODE_PATH=${modules}`,
    'NO_UPDATE_NOTIFIER=1',
    'CI=1',
  ];
  return asRoot
    ? ['runuser', '-u', USER, '--', 'env', ...env, ...command]
    : ['env', ...env, ...command];
}

/** Runs a command as the unprivileged user, never waiting on stdin. */
function runAs(command: string[], cwd: string): Run {
  const [file, ...args] = asUser(command);
  const result = spawnSync(file, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
interface ProjectConfig {
  servers: { web: { port: number } };
  redis: { enable: boolean; url: string };
  webSockets: { options: { transports: string[]; pingInterval: number } };
}

describe('yo 7 discovers and runs the packed generator', { timeout: 600_000 }, () => {
  before(() => {
    execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
    execFileSync('npm', ['pack', repoRoot, '--silent'], { cwd: work, stdio: 'ignore' });
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made a tarball');
    execFileSync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        join(work, tarball),
        `yo@${yoVersion}`,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: work, stdio: 'ignore', timeout: 300_000 },
    );
    chmodSync(work, 0o777);
    if (asRoot) {
      if (spawnSync('id', [USER]).status !== 0) execFileSync('useradd', ['-m', USER]);
      execFileSync('chown', ['-R', USER, work]);
    }
  });

  it('the runs below are unprivileged (yo refuses root)', () => {
    assert.notEqual(runAs(['id', '-u'], work).output.trim(), '0');
  });

  it('yo actionhero-ws, then yo actionhero-ws:config, :action and :middleware in the project', () => {
    const created = runAs(
      ['node', yo, 'actionhero-ws', 'yo-app', '--defaults', '--skip-install', '--no-insight'],
      work,
    );
    assert.equal(created.status, 0, created.output);
    const project = join(work, 'yo-app');
    assert.equal(readJson<{ name: string }>(join(project, 'package.json')).name, 'yo-app');

    const config = runAs(
      [
        'node',
        yo,
        'actionhero-ws:config',
        '--redis',
        '--transport',
        'polling',
        '--option',
        'pingInterval=10000',
        '--redis-url',
        'redis://:E2eSecret@127.0.0.1:6379/0',
        '--no-insight',
      ],
      project,
    );
    assert.equal(config.status, 0, config.output);
    const written = readJson<ProjectConfig>(join(project, 'config/config.json'));
    assert.equal(written.redis.enable, true);
    assert.deepEqual(written.webSockets.options.transports, ['polling']);
    assert.equal(written.webSockets.options.pingInterval, 10000);
    assert.equal(written.redis.url, 'redis://127.0.0.1:6379/0');
    assert.match(readFileSync(join(project, '.env'), 'utf8'), /E2eSecret/);
    assert.doesNotMatch(readFileSync(join(project, '.yo-rc.json'), 'utf8'), /E2eSecret/);

    // A copy the unprivileged user can read, as a user's own old config would be.
    const legacy = join(project, 'old-config.json');
    copyFileSync(join(repoRoot, 'test/fixtures/legacy/original-doc.json'), legacy);
    chmodSync(legacy, 0o644);
    const imported = runAs(['node', yo, 'actionhero-ws:config', '--from', legacy], project);
    assert.equal(imported.status, 0, imported.output);
    assert.match(imported.output, /"browser client gzip": dropped: socket\.io 4 always serves/);
    assert.match(imported.output, /"xhr-polling" → webSockets\.options\.transports "polling"/);

    const bad = runAs(['node', yo, 'actionhero-ws:config', '--port', '70000'], project);
    assert.notEqual(bad.status, 0);
    assert.match(bad.output, /servers\.web\.port: must be an integer from 0 to 65535/);

    const upgrade = runAs(['node', yo, 'actionhero-ws:upgrade', '--dry-run'], project);
    assert.equal(upgrade.status, 0, upgrade.output);
    assert.match(upgrade.output, /Upgrade from generator-actionhero-ws \S+ to \S+:/);
    assert.match(upgrade.output, /Dry run: nothing was written\./);

    const action = runAs(['node', yo, 'actionhero-ws:action', 'hello'], project);
    assert.equal(action.status, 0, action.output);
    assert.match(readFileSync(join(project, 'src/actions/hello.ts'), 'utf8'), /name: 'hello'/);
    const refused = runAs(['node', yo, 'actionhero-ws:action', '../../x'], project);
    assert.notEqual(refused.status, 0);
    assert.match(refused.output, /not a path/);

    const middleware = runAs(
      ['node', yo, 'actionhero-ws:middleware', 'gate', '--kind', 'connection'],
      project,
    );
    assert.equal(middleware.status, 0, middleware.output);
    assert.match(
      readFileSync(join(project, 'src/middleware/gate.ts'), 'utf8'),
      /defineConnectionMiddleware\(\{\n {2}name: 'gate',/,
    );
  });

  it('yo actionhero-ws in a real terminal: Enter at every question, a mistyped flag refused', async () => {
    const [file, ...args] = asUser(['node', yo, 'actionhero-ws', 'tty-app', '--skip-install']);
    const term = new Terminal(file, args, { cwd: work });
    // The questions a default project asks (the Redis URL only follows a yes to Redis).
    const asked = answerSpecs.filter((spec) => spec.question !== undefined && !spec.when);
    for (const spec of asked) await term.answer(spec.question ?? '', 'enter');
    const exit = await term.end();
    const screen = await term.save('yo-enter-through-defaults');
    assert.equal(exit.exitCode, 0, screen);
    assert.doesNotMatch(screen, /\[object Object\]|prompt is deprecated|✖/);
    assert.equal(readJson<{ name: string }>(join(work, 'tty-app/package.json')).name, 'tty-app');

    const [badFile, ...badArgs] = asUser([
      'node',
      yo,
      'actionhero-ws',
      'typo-app',
      '--defaults',
      '--trasport',
      'polling',
    ]);
    const typo = new Terminal(badFile, badArgs, { cwd: work });
    const typoExit = await typo.end();
    const typoScreen = await typo.save('yo-unknown-flag');
    assert.notEqual(typoExit.exitCode, 0, typoScreen);
    assert.match(
      typoScreen,
      /--trasport: is not a flag of yo actionhero-ws; did you mean --transport\?/,
    );
  });

  it('the package bin does the same: actionhero-ws new / config / action / middleware', () => {
    const bin = join(prefix, 'bin', 'actionhero-ws');
    const created = runAs([bin, 'new', 'bin-app', '--defaults', '--skip-install'], work);
    assert.equal(created.status, 0, created.output);
    const project = join(work, 'bin-app');
    const config = runAs([bin, 'config', '--port', '9123'], project);
    assert.equal(config.status, 0, config.output);
    assert.equal(
      readJson<ProjectConfig>(join(project, 'config/config.json')).servers.web.port,
      9123,
    );
    const action = runAs([bin, 'action', 'greet', '--inputs', 'who:required'], project);
    assert.equal(action.status, 0, action.output);
    assert.match(readFileSync(join(project, 'test/actions/greet.test.ts'), 'utf8'), /who/);
    const clash = runAs([bin, 'action', 'greet'], project);
    assert.notEqual(clash.status, 0);
    assert.match(clash.output, /already exists/);
    const middleware = runAs([bin, 'middleware', 'rooms', '--kind', 'chat'], project);
    assert.equal(middleware.status, 0, middleware.output);
    assert.match(readFileSync(join(project, 'test/middleware/rooms.test.ts'), 'utf8'), /rooms/);
  });
});
