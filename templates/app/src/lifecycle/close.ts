// Graceful shutdown: readiness drops to 503 and the server keeps serving for a short drain (so a
// balancer polling readiness stops sending first), then it stops accepting, lets requests in
// flight finish (bounded), says `bye` and closes everything.

import type { Server as HttpServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppState } from '../app-state.js';
import { endAllAway } from '../socket/recovery.js';

function waitIdle(state: AppState, timeoutMs: number): Promise<void> {
  if (state.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.log.warn(
        { inFlight: state.inFlight },
        'shutdown: gave up waiting for requests in flight',
      );
      resolve();
    }, timeoutMs);
    state.onIdle = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

function bounded(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Resolves once `done()` is true, checking every 20 ms (callers bound it). */
function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (done()) resolve();
      else setTimeout(check, 20).unref();
    };
    check();
  });
}

export async function closeApp(
  state: AppState,
  server: HttpServer,
  timeoutMs: number,
  drainMs: number,
): Promise<void> {
  state.health.stopping = true; // readiness answers 503 from now on
  if (drainMs > 0) {
    state.log.info({ drainMs }, 'draining: readiness is 503, still serving');
    await sleep(drainMs);
  }
  state.shuttingDown = true; // new requests now get `the server is shutting down`
  state.log.info('shutting down');
  server.close(); // no new connections (a worker under start:cluster never listened: harmless)
  server.closeIdleConnections();
  await waitIdle(state, timeoutMs);

  const io = state.io;
  if (io !== null) {
    // Local only: with the Redis adapter a plain io.emit would reach every node's clients.
    io.local.emit('bye', { bye: 'bye', reason: 'server shutdown' });
    // A graceful disconnect flushes the bye first (io.close alone discards unsent packets).
    io.local.disconnectSockets(true);
    endAllAway(state); // connections that dropped and could have come back (recovery on)
    // Other namespaces' clients too (the admin view's), or they would hold the wait below.
    for (const nsp of io._nsps.values()) if (nsp !== io.sockets) nsp.local.disconnectSockets(true);
    await bounded(
      until(() => io.engine.clientsCount === 0),
      2000,
    );
    await bounded(new Promise<void>((resolve) => void io.close(() => resolve())), 2000);
  }
  server.closeAllConnections();
  await bounded(state.cache.close(), 2000);
  state.log.info('shut down');
}
