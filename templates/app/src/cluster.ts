// npm run start:cluster: WORKERS processes (default one per CPU) behind one port, Redis between them.
//
// The primary routes each connection (cluster/router.ts): a socket.io session always reaches the
// worker that holds it (polling needs that), anything else goes round-robin. Workers start from
// cluster/boot.cjs, which holds connections until the worker's app is ready.

import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from './config/load.js';
import { FATAL_EXIT, isReady } from './cluster/messages.js';
import { routeConnections } from './cluster/router.js';
import { confirmSessionBindings } from './cluster/session-binding.js';
import { aggregateForWorkers } from './metrics/cluster.js';

const { config, workers, headersTimeoutMs } = loadConfigOrExit();
const refuse = (message: string): never => {
  console.error(message);
  process.exit(1);
};
if (!config.redis.enable) {
  refuse(
    'start:cluster needs Redis so workers can reach each other: run `yo actionhero-ws:config --redis`, or use `npm start`.',
  );
}
if (config.servers.web.secure) {
  refuse(
    'start:cluster serves plain http: terminate TLS in front of it (see deploy/nginx.conf), or use `npm start`.',
  );
}
if (!config.webSockets.enable) {
  refuse(
    'start:cluster routes socket.io sessions and needs webSockets.enable: use `npm start` behind any load balancer.',
  );
}

const count = workers ?? availableParallelism();
// Plain TCP: the primary reads only as far as the first request's head, then a worker has it.
const server = createServer();
// Round-robin spreads a burst of new sessions over every worker (least-connection counts a
// session only once it exists, so a burst all lands on one worker).
routeConnections(server, headersTimeoutMs);
confirmSessionBindings();
// A worker that is asked for metrics.path asks the primary for every worker's metrics, summed.
if (config.metrics.enable) aggregateForWorkers();
// The sticky layer passes Buffers over IPC: that needs the 'advanced' serialization.
cluster.setupPrimary({
  exec: fileURLToPath(new URL('./cluster/boot.cjs', import.meta.url)),
  serialization: 'advanced',
});

const ready = new Set<number>();
let listening = false;
let stopping = false;

function stopAll(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  server.close();
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  // Workers bound their own shutdown (15 s); this is the last resort.
  setTimeout(() => process.exit(exitCode), 20_000).unref();
}

cluster.on('message', (worker: Worker, message: unknown) => {
  if (!isReady(message)) return;
  ready.add(worker.id);
  if (listening || stopping || ready.size < count) return;
  listening = true;
  const { port, bindIP } = config.servers.web;
  server.listen(port, bindIP, () =>
    console.log(`cluster of ${count} workers listening on http://${bindIP}:${port}/`),
  );
});

cluster.on('exit', (worker, code, signal) => {
  const wasReady = ready.delete(worker.id);
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
    return;
  }
  if (code === FATAL_EXIT || !wasReady) {
    // Starting another would fail the same way: stop instead of looping.
    console.error(
      `worker ${worker.process.pid} ${wasReady ? 'hit a fatal problem' : 'could not start'} (exit ${code ?? signal}); stopping the cluster`,
    );
    stopAll(1);
    return;
  }
  console.error(`worker ${worker.process.pid} exited (${code ?? signal}); starting another`);
  cluster.fork();
});

server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(
    `Cannot listen on ${config.servers.web.bindIP}:${config.servers.web.port}: ${err.message}`,
  );
  stopAll(1);
});
process.on('SIGTERM', () => stopAll(0));
process.on('SIGINT', () => stopAll(0));
for (let i = 0; i < count; i++) cluster.fork();
