// Generates, builds and runs a project for the client and browser tests: one process on a free
// loopback port that can be stopped and restarted on the same port (for reconnect tests).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/ports.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface Project {
  dir: string;
  port: number;
  url: string;
  log: string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  remove(): Promise<void>;
}

/** Debian's chromium from PATH (never a downloaded browser). */
export function chromiumPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return '/usr/bin/chromium';
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 30000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `new --defaults` plus `flags`, node_modules linked from this repository, compiled. */
export async function createProject(flags: string[] = []): Promise<Project> {
  const dir = join(mkdtempSync(join(tmpdir(), 'ahws-browser-')), 'app');
  const bin = join(repo, 'dist/bin/actionhero-ws.js');
  const opts = { cwd: repo, stdio: 'pipe' as const, timeout: 120000 };
  execFileSync(process.execPath, [bin, 'new', dir, '--defaults', '--skip-install', ...flags], opts);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsc = join(repo, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { ...opts, cwd: dir });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const project: Project = {
    dir,
    port,
    url,
    log,
    async start() {
      const proc = spawn(process.execPath, ['dist/index.js'], {
        cwd: dir,
        env: { ...process.env, PORT: String(port), NODE_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let alive = true;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      void exited.then(() => (alive = false));
      proc.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
      proc.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
      await waitUntil(async () => {
        if (!alive) throw new Error(`server exited:\n${log.join('')}`);
        try {
          return (await fetch(`${url}/actionhero-ws/config.js`)).ok;
        } catch {
          return false;
        }
      }, `the server on ${url}`);
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const proc = child;
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(killer);
    },
    async restart() {
      await project.stop();
      await project.start();
    },
    async remove() {
      await project.stop();
      rmSync(join(dir, '..'), { recursive: true, force: true });
    },
  };
  return project;
}
