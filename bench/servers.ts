// Server processes under test: `node` on a compiled entry, on a loopback port, timed to listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { freePort } from '../test/helpers/ports.js';
import { onCore } from './pin.js';

export interface ServerSpec {
  /** Compiled entry, run as `node ENTRY` in `cwd`. */
  entry: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Node flags before the entry: a project's start-script flags, B7's GC and memory probe. */
  nodeArgs?: string[];
  /** Run on this core only (bench/pin.ts). */
  core?: number;
}

export interface RunningServer {
  pid: number;
  url: string;
  /** From spawn to the "listening on" line, in ms. */
  startMs: number;
  /** Forced GC, then the process's memory (needs the probe preloaded). */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  const args = [...(spec.nodeArgs ?? []), spec.entry];
  const [file, argv] =
    spec.core === undefined ? [process.execPath, args] : onCore(spec.core, process.execPath, args);
  const child: ChildProcess = spawn(file, argv, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port), BIND_IP: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lineWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (data: Buffer): void => {
    output += data.toString();
    const lines = output.split('\n');
    output = lines.pop() ?? '';
    for (const line of lines) {
      const index = lineWaiters.findIndex((w) => w.pattern.test(line));
      if (index >= 0) lineWaiters.splice(index, 1)[0]?.resolve(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitLine = (pattern: RegExp, what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 60_000);
      lineWaiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then(() => reject(new Error(`${spec.entry} exited while waiting for ${what}`)));
    });

  await waitLine(/listening on/, `${spec.entry} to listen`);
  const startMs = performance.now() - started;
  return {
    pid: child.pid ?? -1,
    url: `http://127.0.0.1:${port}`,
    startMs,
    async memory() {
      const line = waitLine(/^BENCH-MEM /, 'the memory probe');
      child.kill('SIGUSR2');
      return JSON.parse((await line).slice('BENCH-MEM '.length)) as {
        rss: number;
        heapUsed: number;
      };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
