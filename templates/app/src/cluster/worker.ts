// A start:cluster worker: the app on a server that never listens; the primary hands it connections.

import type { SendHandle } from 'node:child_process';
import { setupWorker } from '@socket.io/sticky';
import { createApp } from '../app.js';
import { exitOnStartupError } from '../core/startup-error.js';
import { loadConfigOrExit, projectRoot } from '../config/load.js';
import { createWebServer } from '../http/server.js';
import { closeOnSignals, logStrayErrors } from '../lifecycle/signals.js';
import { READY } from './messages.js';
import { answerPipelinedRequests } from './router.js';
import { bindSessionsBeforeHandshake } from './session-binding.js';

/** An IPC message (and the socket it may carry) that arrived before the app was ready. */
export interface HeldMessage {
  message: unknown;
  handle: SendHandle;
}

export async function startWorker(
  held: HeldMessage[],
  hold: (message: unknown, handle: SendHandle) => void,
): Promise<void> {
  const { config, redisUrl, redisPassword, headersTimeoutMs, jwtSecret, metricsToken } =
    loadConfigOrExit();
  // Plain http: the primary owns the port, and TLS belongs in front of the cluster.
  const server = createWebServer(config, projectRoot, undefined, headersTimeoutMs);
  // A wrong Redis password ends the worker with FATAL_EXIT (createApp's default), which tells
  // the primary not to start another.
  const app = await createApp(server, config, {
    redisUrl,
    redisPassword,
    jwtSecret,
    metricsToken,
  }).catch(exitOnStartupError);
  if (app.io === null) throw new Error('start:cluster needs webSockets.enable'); // the primary checks this first
  logStrayErrors(app);
  closeOnSignals(app);

  // From here @socket.io/sticky's own listener takes the connections; hand it those held so far,
  // in order, in this same tick (so none can slip in between).
  setupWorker(app.io);
  answerPipelinedRequests(server);
  bindSessionsBeforeHandshake(app.io);
  process.off('message', hold);
  // Its metrics are then summed with the other workers' (the primary asks over IPC).
  app.metrics?.joinCluster();
  for (const { message, handle } of held.splice(0)) process.emit('message', message, handle);
  process.send?.({ type: READY });
}
