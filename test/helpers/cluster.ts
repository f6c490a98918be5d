// `npm run start:cluster` of a built project on a free loopback port: the primary's process, its
// output, and the URL, once it says it is listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.js';
import { waitUntil } from './process.js';

export interface Cluster {
  primary: ChildProcess;
  url: string;
  log: string[];
}

/** Starts dist/cluster.js in `dir` with two workers; `nodeArgs` go before the entry. */
export async function startCluster(
  dir: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<Cluster> {
  const port = await freePort();
  const log: string[] = [];
  const primary = spawn(process.execPath, [...nodeArgs, 'dist/cluster.js'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), BIND_IP: '127.0.0.1', WORKERS: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary.stdout?.on('data', (data: Buffer) => log.push(data.toString()));
  primary.stderr?.on('data', (data: Buffer) => log.push(data.toString()));
  await waitUntil(() => {
    if (primary.exitCode !== null) throw new Error(`the cluster exited:\n${log.join('')}`);
    return log.join('').includes('listening on');
  }, 'the cluster to listen');
  return { primary, url: `http://127.0.0.1:${port}`, log };
}
