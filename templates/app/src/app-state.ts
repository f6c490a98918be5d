// The state shared by every part of a running app (one object, created by createApp).

import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from './config/config-types.js';
import type { Cache } from './cache/cache.js';
import type { ActionDefinition } from './core/action.js';
import type { MiddlewareSet } from './core/middleware-registry.js';
import type { ActionRegistry } from './core/registry.js';
import type { TokenVerifier } from './auth/tokens.js';
import type { Metrics } from './metrics/metrics.js';
import type { HealthState } from './http/health.js';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from './protocol/events.js';

export type AppServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type AppSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export interface AppState {
  readonly config: Config;
  readonly log: Logger;
  readonly actions: ActionRegistry;
  /** The same actions as a sorted list, for actionsView. */
  readonly actionList: readonly ActionDefinition[];
  /** Every middleware of src/middleware/, ordered, with their hooks by kind. */
  readonly middleware: MiddlewareSet;
  cache: Cache;
  io: AppServer | null;
  shuttingDown: boolean;
  /** What readiness (health.readyPath) reads: started, stopping, the Redis clients. */
  readonly health: HealthState;
  /** Requests in flight on every connection and over HTTP; shutdown waits for 0. */
  inFlight: number;
  /** Called when inFlight drops to 0 during shutdown. */
  onIdle: (() => void) | undefined;
  /** With auth.mode jwt: checks a token. Undefined with mode none, which costs requests nothing. */
  readonly verifyToken: TokenVerifier | undefined;
  /** With metrics.enable: what requests count into. Undefined otherwise: nothing is counted. */
  metrics: Metrics | undefined;
}

export function requestDone(state: AppState): void {
  state.inFlight--;
  if (state.inFlight === 0 && state.onIdle !== undefined) state.onIdle();
}
