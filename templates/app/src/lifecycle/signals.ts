// SIGTERM/SIGINT: close the app gracefully, then exit 0 (a second signal exits at once; a
// shutdown that has not finished hardLimitMs after the drain (health.drainMs) exits 1).

import type { App } from '../app.js';

export function closeOnSignals(app: App, hardLimitMs = 15_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'signal received');
    const limitMs = hardLimitMs + app.config.health.drainMs;
    setTimeout(() => {
      // Something did not let go (a request, a connection): say so, and exit as failed.
      app.log.warn({ hardLimitMs: limitMs }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, limitMs).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** A last resort: log stray rejections instead of letting one end the process. */
export function logStrayErrors(app: App): void {
  process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection'));
}
