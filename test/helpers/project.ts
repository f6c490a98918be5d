// A generated project on disk, built, and a server process of it on a free loopback port that
// can be stopped and started again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from './generator.js';
import { freePort } from './ports.js';
import { run, waitUntil, type RunOutput } from './process.js';

export interface ProjectOptions {
  /** Flags after `actionhero-ws new DIR --defaults`. */
  flags?: string[];
  /** `npm`: the generator runs a real `npm install`; `link`: this repository's node_modules. */
  install?: 'npm' | 'link';
}

export interface Project {
  dir: string;
  /** Runs an npm script (or any npm command) in the project. */
  npm(args: string[], env?: NodeJS.ProcessEnv): Promise<RunOutput>;
  /** Starts `node dist/index.js`; resolves once it answers HTTP. */
  start(env?: NodeJS.ProcessEnv): Promise<Server>;
  remove(): void;
}

export interface Server {
  port: number;
  url: string;
  log: string[];
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const bin = join(repoRoot, 'dist/bin/actionhero-ws.js');

export async function createProject(options: ProjectOptions = {}): Promise<Project> {
  const root = tempDir('ahws-e2e-');
  const dir = join(root, 'app');
  const install = options.install ?? 'link';
  const args = [
    bin,
    'new',
    dir,
    '--defaults',
    ...(install === 'link' ? ['--skip-install'] : []),
    ...(options.flags ?? []),
  ];
  const generated = await run(process.execPath, args, { cwd: root, timeoutMs: 600_000 });
  if (generated.code !== 0)
    throw new Error(`generation failed:\n${generated.stdout}\n${generated.stderr}`);
  if (install === 'link')
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const npm = (npmArgs: string[], env?: NodeJS.ProcessEnv): Promise<RunOutput> =>
    run('npm', npmArgs, { cwd: dir, env: { ...process.env, ...env }, timeoutMs: 600_000 });
  const built = await npm(['run', 'build']);
  if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
  return {
    dir,
    npm,
    start: (env) => startServer(dir, env),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The compiled entry `npm start` runs. */
export const ENTRY = 'dist/index.js';

/**
 * The node flags of the project's start script, the ones `npm start` runs its compiled entry
 * with (the project README's "Start-up flags"), so a server started here runs as a user's does.
 * `script` and `entry` name another script that runs node, such as `start:cluster`, whose node
 * command follows a build (`npm run build && node [flags] dist/cluster.js`).
 */
export function startFlags(dir: string, script = 'start', entry = ENTRY): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (pkg.scripts[script] ?? '').split(/\s+/);
  const node = words.lastIndexOf('node');
  const at = words.indexOf(entry);
  if (node < 0 || at < node) {
    throw new Error(`${dir}: the ${script} script does not run "node [flags] ${entry}"`);
  }
  return words.slice(node + 1, at);
}

export async function startServer(dir: string, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const config = JSON.parse(readFileSync(join(dir, 'config/config.json'), 'utf8')) as {
    servers: { web: { secure: boolean } };
  };
  const secure = config.servers.web.secure;
  const url = `${secure ? 'https' : 'http'}://127.0.0.1:${port}`;
  const log: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [...startFlags(dir), ENTRY], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port), BIND_IP: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (data: Buffer) => log.push(data.toString()));
  child.stderr?.on('data', (data: Buffer) => log.push(data.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await waitUntil(() => {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log.join('')}`);
    return log.join('').includes('listening on');
  }, `the server on ${url}`);
  return {
    port,
    url,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}
