// Generate real projects, install, type-check, lint, run their own tests, boot them and talk to
// them from outside with socket.io-client: the whole path a user takes on day one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { run, waitUntil } from '../helpers/process.js';
import { freePort } from '../helpers/ports.js';
import { createProject, ENTRY, startFlags, type Project, type Server } from '../helpers/project.js';

interface Reply {
  context?: string;
  messageCount?: number;
  status?: string;
  error?: string;
  [key: string]: unknown;
}

type Transport = 'websocket' | 'polling';

function connect(url: string, transports: Transport[]): Socket {
  return io(url, {
    transports,
    reconnection: false,
    forceNew: true,
    rejectUnauthorized: false,
    timeout: 10_000,
  });
}

/** Resolves with the first `event` payload, or rejects on a connect error or after `ms`. */
function next<T>(socket: Socket, event: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** welcome, then `status` through an acknowledgement, then `randomNumber` the old way (on `response`). */
async function talk(url: string, transports: Transport[]): Promise<void> {
  const socket = connect(url, transports);
  try {
    const welcome = await next<{ welcome: string; room: string; context: string }>(
      socket,
      'welcome',
    );
    assert.deepEqual(welcome, {
      welcome: 'Hello! Welcome to the actionHero api',
      room: 'defaultRoom',
      context: 'api',
    });
    assert.equal(socket.io.engine.transport.name, transports[0]);
    const status = (await socket
      .timeout(10_000)
      .emitWithAck('action', { action: 'status' })) as Reply;
    assert.equal(status.context, 'response');
    assert.equal(status.messageCount, 1);
    assert.equal(status.status, 'OK');
    // An old-style client sends no acknowledgement: the reply comes as a `response` event.
    const response = next<Reply>(socket, 'response');
    socket.emit('action', { action: 'randomNumber' });
    const random = await response;
    assert.equal(random.messageCount, 2);
    assert.equal(typeof random.randomNumber, 'number');
  } finally {
    socket.close();
  }
}

/** A transport the server does not offer is refused. */
async function refused(url: string, transport: Transport): Promise<void> {
  const socket = connect(url, [transport]);
  try {
    await assert.rejects(next(socket, 'welcome'));
  } finally {
    socket.close();
  }
}

async function checkProject(project: Project): Promise<void> {
  for (const script of ['typecheck', 'lint', 'test']) {
    const result = await project.npm(['run', script]);
    assert.equal(result.code, 0, `npm run ${script} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

describe('the default project, installed from the registry', () => {
  let project: Project;
  let server: Server | undefined;
  before(async () => {
    project = await createProject({ install: 'npm' });
  });
  after(async () => {
    await server?.stop();
    project.remove();
  });

  it('type-checks, lints and passes its own tests', () => checkProject(project));

  it('boots with npm start semantics (node on the compiled entry) and answers over both transports', async () => {
    server = await project.start();
    const clientScript = await fetch(`${server.url}/socket.io/socket.io.js`);
    assert.equal(clientScript.status, 200);
    assert.match(await clientScript.text(), /socket\.io/i);
    await talk(server.url, ['websocket']);
    await talk(server.url, ['polling']);
    assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
    server = undefined;
  });

  it('npm start itself: builds, runs node with the start flags, and drains when its process group gets SIGTERM', async () => {
    const port = await freePort();
    // Its own process group, as a service manager or a terminal's Ctrl-C sees it.
    const npm = spawn('npm', ['start'], {
      cwd: project.dir,
      detached: true,
      env: { ...process.env, PORT: String(port), BIND_IP: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (data: Buffer) => (output += data.toString()));
    npm.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    // Without a pid, -pid below would be 0: the test runner's own process group.
    assert.ok(npm.pid !== undefined, 'npm started');
    const group = npm.pid;
    try {
      await waitUntil(() => output.includes('listening on'), `npm start:\n${output}`, 120_000);
      const pid = Number(/"pid":(\d+)[^\n]*listening on/.exec(output)?.[1]);
      // The server is node on the compiled entry with the flags the README explains.
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      assert.deepEqual(argv.slice(1), [...startFlags(project.dir), ENTRY]);
      await talk(`http://127.0.0.1:${port}`, ['websocket']);
      process.kill(-group, 'SIGTERM');
      await npmExited;
      // Gone, or a zombie left for a parent that never reaps it: either way no longer running.
      const running = (): boolean => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      await waitUntil(() => !running(), 'the server to exit after SIGTERM');
      assert.match(output, /"msg":"shut down"/, `a graceful shutdown:\n${output}`);
    } finally {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // the group has already exited
      }
    }
  });

  it('validates its config at start with the schema npm run build precompiled, and compiles a changed schema itself', async () => {
    const built = join(project.dir, 'dist/config/config-schema-validator.cjs');
    assert.ok(existsSync(built), 'npm run build wrote the precompiled validator');
    // Loads the config as the server does, then says whether ajv's compiler was loaded for it.
    const probe = `
      import { createRequire } from 'node:module';
      import { ConfigError, loadConfig } from './dist/config/load.js';
      let outcome;
      try { loadConfig(); outcome = 'ok'; }
      catch (err) { outcome = err instanceof ConfigError ? err.message : String(err); }
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ outcome, compiler: cache.some((f) => f.endsWith('/ajv/dist/ajv.js')) }));`;
    const load = async (): Promise<{ outcome: string; compiler: boolean }> => {
      const out = await run(process.execPath, ['--input-type=module', '-e', probe], {
        cwd: project.dir,
      });
      assert.equal(out.code, 0, out.stderr);
      return JSON.parse(out.stdout) as { outcome: string; compiler: boolean };
    };
    const configFile = join(project.dir, 'config/config.json');
    const schemaFile = join(project.dir, 'config/config.schema.json');
    const original = readFileSync(configFile, 'utf8');
    const schema = readFileSync(schemaFile, 'utf8');
    try {
      assert.deepEqual(await load(), { outcome: 'ok', compiler: false });
      const bad = JSON.parse(original) as { servers: { web: { port: number } } };
      bad.servers.web.port = 70000;
      writeFileSync(configFile, JSON.stringify(bad));
      const refused = await load();
      assert.equal(refused.compiler, false);
      assert.match(refused.outcome, /servers\.web\.port: must be .*\(got 70000\)/);
      // A schema that changed since the build (here only by a trailing newline) is compiled anew.
      appendFileSync(schemaFile, '\n');
      const recompiled = await load();
      assert.equal(recompiled.compiler, true);
      assert.equal(recompiled.outcome, refused.outcome);
    } finally {
      writeFileSync(configFile, original);
      writeFileSync(schemaFile, schema);
    }
  });

  it('FLT-05: SIGTERM during traffic answers what is in flight, refuses the rest, says bye, exits 0', async () => {
    const running = await project.start();
    const socket = connect(running.url, ['websocket']);
    try {
      await next(socket, 'welcome');
      const bye = next<{ bye: string; reason: string }>(socket, 'bye', 20_000);
      // A slow action is in flight when the signal arrives; it must still be answered.
      const slow = socket
        .timeout(20_000)
        .emitWithAck('action', { action: 'sleepTest', sleepDuration: 1500 }) as Promise<Reply>;
      // Requests are handled in order: once detailsView answers, the sleepTest is in flight.
      const details = (await socket.timeout(10_000).emitWithAck('detailsView', {})) as Reply & {
        details: { pendingActions: number };
      };
      assert.equal(details.details.pendingActions, 1);
      const exited = running.stop();
      // Once the server has acted on the signal (it logs so), a request gets the shutdown error
      // (or, if the socket has already been told bye and closed, no answer: never a normal reply).
      await waitUntil(() => running.log.join('').includes('shutting down'), 'the shutdown log');
      const late = (
        socket.timeout(5_000).emitWithAck('action', { action: 'randomNumber' }) as Promise<Reply>
      ).catch(() => undefined);
      assert.deepEqual(await bye, { bye: 'bye', reason: 'server shutdown' });
      const slowReply = await slow;
      assert.equal(slowReply.status, 'OK');
      assert.equal(slowReply.sleepDuration, 1500);
      const lateReply = await late;
      if (lateReply !== undefined) assert.equal(lateReply.error, 'the server is shutting down');
      assert.equal(await exited, 0);
    } finally {
      socket.close();
    }
  });

  it('meets the dependency floor (GEN-07)', async () => {
    const listed = await project.npm([
      'ls',
      '--all',
      '--json',
      'socket.io-parser',
      'engine.io',
      'ws',
      'socket.io',
    ]);
    const versions = new Map<string, string[]>();
    interface NpmLsNode {
      version?: string;
      dependencies?: Record<string, NpmLsNode>;
    }
    const walk = (node: NpmLsNode): void => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        if (child.version) versions.set(name, [...(versions.get(name) ?? []), child.version]);
        walk(child);
      }
    };
    walk(JSON.parse(listed.stdout) as NpmLsNode);
    const floor: Record<string, number[]> = {
      'socket.io-parser': [4, 2, 7],
      'engine.io': [6, 6, 9],
      ws: [8, 21, 0],
      'socket.io': [4, 8, 0],
    };
    for (const [name, minimum] of Object.entries(floor)) {
      const found = versions.get(name) ?? [];
      assert.ok(found.length > 0, `${name} is installed`);
      for (const version of found) {
        const parts = version.split('.').map(Number);
        const atLeast = minimum.findIndex((n, i) => (parts[i] ?? 0) !== n);
        const ok = atLeast === -1 || (parts[atLeast] ?? 0) > (minimum[atLeast] ?? 0);
        assert.ok(ok, `${name}@${version} is below ${minimum.join('.')}`);
      }
    }
  });
});

const variants: {
  name: string;
  flags: string[];
  offered: Transport[];
  refusedTransport?: Transport;
}[] = [
  {
    name: 'https, websocket only',
    flags: ['--https', '--transport', 'websocket'],
    offered: ['websocket'],
    refusedTransport: 'polling',
  },
  {
    name: 'http, polling only',
    flags: ['--transport', 'polling'],
    offered: ['polling'],
    refusedTransport: 'websocket',
  },
  {
    name: 'https, polling only',
    flags: ['--https', '--transport', 'polling'],
    offered: ['polling'],
    refusedTransport: 'websocket',
  },
  {
    name: 'http, websocket only',
    flags: ['--transport', 'websocket'],
    offered: ['websocket'],
    refusedTransport: 'polling',
  },
];

for (const variant of variants) {
  describe(`a project with ${variant.name}`, () => {
    let project: Project;
    let server: Server | undefined;
    before(async () => {
      project = await createProject({ flags: variant.flags });
      if (variant.flags.includes('--https')) {
        const cert = await project.npm(['run', 'cert']);
        assert.equal(cert.code, 0, cert.stderr);
      }
    });
    after(async () => {
      await server?.stop();
      project.remove();
    });

    it('type-checks, lints and passes its own tests', () => checkProject(project));

    it('boots and answers on its transport, refusing the other', async () => {
      server = await project.start();
      assert.equal(server.url.startsWith('https:'), variant.flags.includes('--https'));
      await talk(server.url, variant.offered);
      if (variant.refusedTransport) await refused(server.url, variant.refusedTransport);
    });
  });
}
