// A real redis-server (Debian's) on a free loopback port, stopped by its pid. Never a mock.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './generator.js';
import { freePort } from './ports.js';
import { run, waitUntil } from './process.js';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGKILL: a crash, as Redis outages are). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      // +PONG, or -NOAUTH from a server with a password: either way it is up.
      resolve(/^[+-]/.test(data.toString()));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startRedis(options: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      if (options.password) args.push('--requirepass', options.password);
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitUntil(async () => {
        if (child?.exitCode !== null) throw new Error('redis-server exited; is it installed?');
        return ping(port);
      }, `redis-server on port ${port}`);
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}

export interface RedisClusterNode {
  port: number;
  /** SIGKILL, keeping its folder (and nodes.conf), so start() brings the same node back. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export interface RedisCluster {
  nodes: RedisClusterNode[];
  /** Seed URLs for redis.cluster / REDIS_CLUSTER. */
  seeds: string[];
  /** cluster_state:ok on every running node, and every replica in sync with its master. */
  waitUntilOk(ms?: number): Promise<void>;
  /** The master that holds `key` (hash tags count, as in Redis). */
  ownerOf(key: string): Promise<RedisClusterNode>;
  /** Kills every node and removes their folders. */
  stop(): Promise<void>;
}

/** redis-cli's arguments for a password, passed in the environment so no process list shows it. */
function cliEnv(password: string | undefined): NodeJS.ProcessEnv {
  return password === undefined ? process.env : { ...process.env, REDISCLI_AUTH: password };
}

async function cli(port: number, password: string | undefined, ...args: string[]): Promise<string> {
  const answer = await run('redis-cli', ['-p', String(port), ...args], {
    timeoutMs: 5000,
    env: cliEnv(password),
  }).catch(() => ({ code: 1, stdout: '', stderr: '' }));
  return answer.stdout;
}

/**
 * The node sees cluster_state:ok and, if it is a replica, has its master's data: a replica that
 * never synced would never be promoted (it counts as too stale).
 */
async function nodeReady(port: number, password: string | undefined): Promise<boolean> {
  if (!(await cli(port, password, 'cluster', 'info')).includes('cluster_state:ok')) return false;
  const replication = await cli(port, password, 'info', 'replication');
  return replication.includes('role:master') || replication.includes('master_link_status:up');
}

/**
 * A Redis Cluster of `masters` masters (`replicas` replicas each), every node a real
 * redis-server on a free loopback port in its own temporary folder, joined with
 * `redis-cli --cluster create`. A short node timeout lets a lost master be noticed (and a replica
 * promoted) within seconds.
 */
export async function startRedisCluster(
  options: { masters?: number; replicas?: number; password?: string } = {},
): Promise<RedisCluster> {
  const { password } = options;
  const masters = options.masters ?? 3;
  const replicas = options.replicas ?? 0;
  const count = masters * (1 + replicas);
  const root = tempDir('ahws-redis-cluster-');
  const nodes: (RedisClusterNode & { running: () => boolean })[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const dir = join(root, String(port));
    mkdirSync(dir);
    let child: ChildProcess | undefined;
    const running = (): boolean =>
      child !== undefined && child.exitCode === null && child.signalCode === null;
    nodes.push({
      port,
      running,
      async start() {
        child = spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--dir',
            dir,
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, 'nodes.conf'),
            '--cluster-node-timeout',
            '2000',
            // A replica syncs at once (Redis waits 5 s by default, for more replicas to join).
            '--repl-diskless-sync-delay',
            '0',
            '--save',
            '',
            '--appendonly',
            'no',
            ...(password === undefined
              ? []
              : ['--requirepass', password, '--masterauth', password]),
          ],
          { stdio: 'ignore' },
        );
        await waitUntil(async () => {
          if (child?.exitCode !== null) throw new Error('redis-server exited; is it installed?');
          return ping(port);
        }, `cluster node redis-server on port ${port}`);
      },
      async kill() {
        const running = child;
        if (!running || running.exitCode !== null || running.signalCode !== null) return;
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGKILL');
        await exited;
      },
    });
  }
  const cluster: RedisCluster = {
    nodes,
    seeds: nodes.slice(0, masters).map((node) => `redis://127.0.0.1:${node.port}`),
    async waitUntilOk(ms = 60_000) {
      await waitUntil(
        async () => {
          const ready = await Promise.all(
            nodes.filter((node) => node.running()).map((node) => nodeReady(node.port, password)),
          );
          return ready.every(Boolean);
        },
        'cluster_state:ok on every node, and every replica in sync',
        ms,
      );
    },
    async ownerOf(key) {
      const alive = nodes.find((node) => node.running());
      if (!alive) throw new Error('no cluster node is running');
      const slot = Number((await cli(alive.port, password, 'cluster', 'keyslot', key)).trim());
      // CLUSTER NODES lines: "ID HOST:PORT@BUS FLAGS MASTER PING PONG EPOCH STATE SLOTS...".
      for (const line of (await cli(alive.port, password, 'cluster', 'nodes')).split('\n')) {
        const fields = line.split(' ');
        if (!fields[2]?.includes('master') || fields[7] !== 'connected') continue;
        const owns = fields.slice(8).some((range) => {
          const [from = NaN, to = from] = range.split('-').map(Number);
          return slot >= from && slot <= to;
        });
        const port = Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]);
        const node = nodes.find((candidate) => candidate.port === port);
        if (owns && node) return node;
      }
      throw new Error(`no master holds slot ${slot}`);
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.kill()));
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(nodes.map((node) => node.start()));
    const created = await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { timeoutMs: 60_000, env: cliEnv(password) },
    );
    if (created.code !== 0)
      throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    await cluster.waitUntilOk();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
