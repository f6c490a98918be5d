// The generator as a person meets it: the bin runs on a real pseudo-terminal, questions are
// answered key by key (Enter, arrows, typing, Ctrl-C), and the screen is read as it is drawn.
// Each screen is saved under test-artifacts/terminal/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/generator.js';
import { startServer } from '../helpers/project.js';
import { run } from '../helpers/process.js';
import { Terminal } from '../helpers/terminal.js';

const bin = join(repoRoot, 'dist/bin/actionhero-ws.js');
const work = tempDir('ahws-tty-');

/** The questions of a new project, in order, as the terminal shows them. */
const Q = {
  name: 'Project name',
  transport: 'Transport',
  https: 'Serve https?',
  port: 'Port',
  redis: 'Use Redis',
  settings: 'socket.io settings to switch on',
  options: 'socket.io options',
  logLevel: 'Log level',
  serverName: 'Server name',
  welcome: 'Welcome message',
  auth: 'Sign-in',
  adminUi: 'Serve the socket.io admin view',
};

function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `actionhero-ws ARGS` started in `cwd` on a terminal of its own. */
function inTerminal(cwd: string, ...args: string[]): Terminal {
  return new Terminal(process.execPath, [bin, ...args], { cwd });
}

interface ProjectConfig {
  servers: { web: { port: number; secure: boolean; keyFile: string | null } };
  webSockets: { options: { transports: string[] } };
  redis: { enable: boolean };
}

const readConfig = (dir: string): ProjectConfig =>
  JSON.parse(readFileSync(join(dir, 'config/config.json'), 'utf8')) as ProjectConfig;

describe('the bin in a real terminal', { timeout: 900_000 }, () => {
  it('Enter at every question makes a default project that installs and boots', async () => {
    const cwd = folder('defaults');
    const term = inTerminal(cwd, 'new', 'my-app');
    for (const question of Object.values(Q)) await term.answer(question, 'enter');
    const exit = await term.end(600_000);
    const screen = await term.save('enter-through-defaults');
    assert.equal(exit.exitCode, 0, screen);
    assert.match(screen, /✔ Port 8080/);
    assert.match(screen, /✔ Transport websocket first, polling as fallback/);
    assert.doesNotMatch(screen, /\[object Object\]|prompt is deprecated|✖/);
    assert.match(screen, /Project ready\. Next: cd my-app && npm start/);
    const dir = join(cwd, 'my-app');
    assert.ok(existsSync(join(dir, 'node_modules/socket.io')), 'npm install ran');
    const config = readConfig(dir);
    assert.deepEqual(config.webSockets.options.transports, ['websocket', 'polling']);
    assert.equal(config.servers.web.secure, false);
    const built = await run('npm', ['run', 'build'], { cwd: dir });
    assert.equal(built.code, 0, built.stdout + built.stderr);
    const server = await startServer(dir);
    try {
      const status = await fetch(`${server.url}/api/status`);
      assert.equal(status.status, 200);
      const body = (await status.json()) as { serverInformation: { serverName: string } };
      assert.equal(body.serverInformation.serverName, 'my-app');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('arrow keys choose polling only and a key typed chooses https', async () => {
    const cwd = folder('arrows');
    const term = inTerminal(cwd, 'new', 'poll-app', '--skip-install');
    await term.answer(Q.name, 'enter');
    // The choices: websocket first (default), polling first, websocket only, polling only.
    await term.answer(Q.transport, 'down', 'down', 'down', 'enter');
    await term.answer(Q.https, { text: 'y' }, 'enter');
    for (const question of Object.values(Q).slice(3)) await term.answer(question, 'enter');
    const exit = await term.end();
    const screen = await term.save('arrows-polling-https');
    assert.equal(exit.exitCode, 0, screen);
    assert.match(screen, /✔ Transport polling only/);
    assert.match(screen, /✔ Serve https\?.* Yes/);
    const config = readConfig(join(cwd, 'poll-app'));
    assert.deepEqual(config.webSockets.options.transports, ['polling']);
    assert.equal(config.servers.web.secure, true);
    assert.equal(config.servers.web.keyFile, 'certs/dev-key.pem');
  });

  it('a bad port is refused at its question with the flag’s error line, then a good one taken', async () => {
    const cwd = folder('bad-port');
    const flagRun = await run(
      process.execPath,
      [bin, 'new', 'x', '--defaults', '--port', '70000'],
      {
        cwd,
      },
    );
    const flagLine = flagRun.stderr
      .split('\n')
      .find((line) => line.startsWith('servers.web.port:'));
    assert.ok(flagLine, flagRun.stderr);
    assert.ok(!existsSync(join(cwd, 'x')), 'the refused flag wrote nothing');

    const term = inTerminal(cwd, 'new', 'port-app', '--skip-install');
    for (const question of [Q.name, Q.transport, Q.https]) await term.answer(question, 'enter');
    await term.waitFor(`? ${Q.port}`);
    term.type('70000');
    term.press('enter');
    const refused = await term.waitFor(flagLine);
    assert.doesNotMatch(refused, /✔ Port/, 'the question is still open');
    term.press('backspace', 5);
    await term.answer(Q.port, { text: '8081' }, 'enter');
    for (const question of Object.values(Q).slice(4)) await term.answer(question, 'enter');
    const exit = await term.end();
    const screen = await term.save('bad-port-then-good');
    assert.equal(exit.exitCode, 0, screen);
    assert.match(screen, /✔ Port 8081/);
    assert.equal(readConfig(join(cwd, 'port-app')).servers.web.port, 8081);
  });

  it('Ctrl-C midway writes nothing and exits non-zero', async () => {
    const cwd = folder('ctrl-c');
    const term = inTerminal(cwd, 'new', 'gone-app', '--skip-install');
    for (const question of [Q.name, Q.transport, Q.https, Q.port]) {
      await term.answer(question, 'enter');
    }
    await term.waitFor(`? ${Q.redis}`);
    term.press('ctrl-c');
    const exit = await term.end();
    const screen = await term.save('ctrl-c-midway');
    assert.equal(exit.exitCode, 130, screen);
    assert.match(screen, /Stopped at a question \(Ctrl-C\)\.\nNothing was written\./);
    assert.doesNotMatch(screen, /An error occured/);
    assert.deepEqual(readdirSync(cwd), [], 'nothing was written');
  });

  it('an unknown command is refused with the list of commands, inside a project', async () => {
    const cwd = folder('unknown-command');
    const made = await run(process.execPath, [bin, 'new', '--defaults', '--skip-install'], { cwd });
    assert.equal(made.code, 0, made.stderr);
    const before = readdirSync(cwd).sort();
    const term = inTerminal(cwd, 'upgrad', '--defaults', '--skip-install');
    const exit = await term.end();
    const screen = await term.save('unknown-command');
    assert.equal(exit.exitCode, 1, screen);
    assert.match(screen, /"upgrad" is not a command; did you mean "upgrade"\?/);
    assert.match(screen, /Commands: new, config, upgrade, action/);
    assert.deepEqual(readdirSync(cwd).sort(), before, 'no nested project');

    const near = inTerminal(folder('near-miss'), 'confg');
    const nearExit = await near.end();
    const nearScreen = await near.save('near-miss-command');
    assert.equal(nearExit.exitCode, 1, nearScreen);
    assert.match(nearScreen, /"confg" is not a command; did you mean "config"\?/);
  });

  it('an unknown flag is refused with a "did you mean"; Yeoman’s own flags pass', async () => {
    const cwd = folder('unknown-flag');
    const term = inTerminal(cwd, 'new', 'app', '--defaults', '--trasport', 'polling');
    const exit = await term.end();
    const screen = await term.save('unknown-flag');
    assert.equal(exit.exitCode, 1, screen);
    assert.match(
      screen,
      /--trasport: is not a flag of actionhero-ws new; did you mean --transport\?/,
    );
    assert.ok(!existsSync(join(cwd, 'app')), 'nothing was written');

    const yeoman = inTerminal(
      cwd,
      'new',
      'app',
      '--defaults',
      '--skip-install',
      '--force',
      '--skip-yo-resolve',
    );
    const yeomanExit = await yeoman.end();
    const yeomanScreen = await yeoman.save('yeoman-flags');
    assert.equal(yeomanExit.exitCode, 0, yeomanScreen);
    assert.ok(existsSync(join(cwd, 'app/config/config.json')));
  });

  it('a re-run in a project asks only the questions its stored answers lack', async () => {
    const cwd = folder('rerun');
    const made = await run(
      process.execPath,
      [bin, 'new', '--defaults', '--skip-install', '--port', '9090'],
      { cwd },
    );
    assert.equal(made.code, 0, made.stderr);
    const rcFile = join(cwd, '.yo-rc.json');
    const rc = JSON.parse(readFileSync(rcFile, 'utf8')) as Record<
      string,
      { answers: Record<string, unknown> }
    >;
    const stored = rc['generator-actionhero-ws']?.answers;
    assert.ok(stored);
    delete stored.welcomeMessage; // as if stored by a generator that did not ask it yet
    writeFileSync(rcFile, JSON.stringify(rc, null, 2));

    const term = inTerminal(cwd, '--skip-install');
    await term.answer(Q.welcome, { text: 'Hi there' }, 'enter');
    const exit = await term.end();
    const screen = await term.save('rerun-asks-what-is-missing');
    assert.equal(exit.exitCode, 0, screen);
    for (const question of Object.values(Q).filter((q) => q !== Q.welcome)) {
      assert.ok(!screen.includes(`? ${question}`) && !screen.includes(`✔ ${question}`), question);
    }
    assert.equal(readConfig(cwd).servers.web.port, 9090, 'stored answers kept');
  });

  it('new --help prints the bin’s own usage, within the terminal’s width', async () => {
    const term = new Terminal(process.execPath, [bin, 'new', '--help'], {
      cwd: folder('help'),
      cols: 80,
    });
    const exit = await term.end();
    const screen = await term.save('new-help');
    assert.equal(exit.exitCode, 0, screen);
    assert.match(screen, /^Usage: actionhero-ws new \[dir\] \[flags\]/m);
    assert.doesNotMatch(screen, /yo actionhero-ws:app/);
    assert.match(screen, /--transport VALUE/);
    assert.deepEqual(await term.wrappedLines(), [], 'no line wider than the terminal');
  });
});
