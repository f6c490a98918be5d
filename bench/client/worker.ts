// The load-client process: forked by the bench, driven over IPC (protocol.ts), one target at a time.
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { openConn, type Conn } from './conn.js';
import { fanout, requests, settle } from './load.js';
import { recovery } from './recovery.js';
import type { Command, Reply } from './protocol.js';

const agent = new Agent({ keepAlive: true });
let conns: Conn[] = [];

async function connect(command: Extract<Command, { type: 'connect' }>): Promise<Reply> {
  const started = performance.now();
  const targets = command.endpoints.flatMap(({ url, count }) => Array<string>(count).fill(url));
  // In batches, so a few thousand handshakes do not all land in one accept queue at once.
  for (let i = 0; i < targets.length; i += 100) {
    const batch = targets.slice(i, i + 100).map((url) => {
      const conn = openConn(command.transport, url, command.path, agent, command.auth);
      conn.onPacket = () => undefined;
      return conn;
    });
    conns.push(...batch);
    await Promise.all(batch.map((conn) => conn.ready));
  }
  await settle(conns, command.settleMs);
  return { type: 'connected', connections: conns.length, ms: performance.now() - started };
}

async function handle(command: Command): Promise<Reply> {
  switch (command.type) {
    case 'connect':
      return connect(command);
    case 'requests':
      return { type: 'measured', result: await requests(conns, command) };
    case 'fanout':
      return { type: 'measured', result: await fanout(conns, command) };
    case 'recovery':
      return { type: 'recovered', result: await recovery(command, agent) };
    case 'close':
      for (const conn of conns) conn.close();
      conns = [];
      agent.destroy();
      return { type: 'closed' };
  }
}

process.on('message', (command: Command) => {
  handle(command).then(
    (reply) => process.send?.(reply),
    (err: unknown) =>
      process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
