// npm run start:cluster: several workers behind one port, sticky sessions, Redis between them.

import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import { createApp } from './app.js';
import { loadConfigOrExit, projectRoot } from './config/load.js';
import { createWebServer } from './http/server.js';
import { closeOnSignals, logStrayErrors } from './lifecycle/signals.js';

/** A worker exits with 78 for a problem restarting cannot fix (bad config, wrong Redis password). */
const FATAL = 78;
const { config, redisUrl } = loadConfigOrExit();

if (cluster.isPrimary) {
  if (!config.redis.enable) {
    console.error('start:cluster needs Redis so workers can reach each other: run `yo actionhero-ws:config --redis`, or use `npm start`.');
    process.exit(1);
  }
  if (config.servers.web.secure) {
    console.error('start:cluster serves plain http: terminate TLS in front of it (see deploy/nginx.conf), or use `npm start`.');
    process.exit(1);
  }
  const workers = Number(process.env.WORKERS) || availableParallelism();
  const server = createServer();
  setupMaster(server, { loadBalancingMethod: 'least-connection' });
  // The sticky layer passes Buffers to workers over IPC: they need the 'advanced' serialization.
  cluster.setupPrimary({ serialization: 'advanced' });
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (code === FATAL) {
      console.error(`worker ${worker.process.pid} hit a fatal problem; stopping the cluster`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
    cluster.fork();
  });
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close();
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 20_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const { port, bindIP } = config.servers.web;
  server.listen(port, bindIP, () => console.log(`cluster of ${workers} workers on http://${bindIP}:${port}/`));
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  // The worker's server never listens: the primary hands it connections.
  const server = createWebServer(config, projectRoot);
  const app = await createApp(server, config, { redisUrl });
  if (app.io !== null) setupWorker(app.io);
  logStrayErrors(app);
  closeOnSignals(app);
}
