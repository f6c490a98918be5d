// Turns config.webSockets into socket.io ServerOptions, plus the cors.origin check on handshakes.

import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import type { Config } from '../config/config-types.js';
import type { AppState } from '../app-state.js';
import { errors } from '../protocol/errors.js';
import { resolveFlags } from '../config/config-validation.js';

export function socketPath(config: Config): string {
  return config.webSockets.options.path ?? '/socket.io';
}

/**
 * Browsers do not apply CORS to WebSocket upgrades, so an origin allow-list is enforced here too.
 * Same-origin pages and non-browser clients (no Origin header) are always let in.
 */
export function originChecker(config: Config): (req: IncomingMessage) => boolean {
  const origin = config.webSockets.options.cors?.origin;
  if (origin === undefined || origin === true || origin === '*') return () => true;
  const allowed = new Set(origin === false ? [] : Array.isArray(origin) ? origin : [origin]);
  if (allowed.has('*')) return () => true;
  return (req) => {
    const from = req.headers.origin;
    if (from === undefined || allowed.has(from)) return true;
    try {
      return new URL(from).host === req.headers.host;
    } catch {
      return false;
    }
  };
}

export function serverOptions(config: Config, state: AppState): Partial<ServerOptions> {
  const options = config.webSockets.options;
  // The config is frozen; socket.io gets its own mutable copy.
  const result = structuredClone(options) as Partial<ServerOptions>;
  result.path = socketPath(config);
  // settings switch flags on; explicit booleans in options win (one rule, shared with the generator).
  Object.assign(result, resolveFlags(config));
  if (result.connectionStateRecovery !== undefined) {
    // Connection middleware (sign-in) run again on a recovered connection: the token of its new
    // handshake decides who it is, and so which private rooms it keeps (socket/recovery.ts).
    if ((result.connectionStateRecovery as unknown) === true) {
      result.connectionStateRecovery = {
        skipMiddlewares: false,
        maxDisconnectionDuration: config.webSockets.recoveryWindowMs,
      };
    } else delete result.connectionStateRecovery;
  }

  const originAllowed = originChecker(config);
  result.allowRequest = (req, callback) => {
    if (state.shuttingDown) callback(errors.shuttingDown, false);
    else if (!originAllowed(req)) callback('origin not allowed', false);
    else callback(null, true);
  };
  return result;
}

/** How long socket.io keeps a dropped connection's state, or undefined when recovery is off. */
export function recoveryWindowMs(state: AppState): number | undefined {
  return state.io?._opts.connectionStateRecovery?.maxDisconnectionDuration;
}
