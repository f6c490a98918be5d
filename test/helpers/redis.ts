// A real redis-server (Debian's) on a free loopback port, stopped by its pid. Never a mock.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from './ports.js';
import { waitUntil } from './process.js';

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
