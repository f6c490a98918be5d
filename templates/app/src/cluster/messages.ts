// Messages between the start:cluster primary and its workers (besides @socket.io/sticky's own).

/** A worker sends this once its app can take connections. */
export const READY = 'actionhero-ws:ready';

/** A worker exits with this code for a problem restarting cannot fix (bad config, wrong Redis password). */
export const FATAL_EXIT = 78;

export function isReady(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === READY
  );
}
