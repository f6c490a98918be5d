// A TCP relay on a free loopback port in front of one server, whose traffic can be cut for a
// while or until restored: one node's Redis connection lost while the others keep theirs, or a
// browser's network gone.
import { createConnection, createServer, type Socket } from 'node:net';
import { freePort } from './ports.js';

export interface TcpProxy {
  port: number;
  /** Drops every relayed connection and turns new ones away for `ms`. */
  cut(ms: number): Promise<void>;
  /** Drops every relayed connection and turns new ones away until restore(). */
  down(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await freePort();
  const open = new Set<Socket>();
  let cutUntil = 0;
  const server = createServer((client) => {
    if (Date.now() < cutUntil) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ port: targetPort, host: '127.0.0.1' });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    async cut(ms) {
      cutUntil = Date.now() + ms;
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    down() {
      cutUntil = Number.POSITIVE_INFINITY;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cutUntil = 0;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
