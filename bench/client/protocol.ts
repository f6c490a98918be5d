// The messages between the bench orchestrator and a load-client process (Node IPC, JSON).

export type Transport = 'websocket' | 'polling';

/** Where connections go: `count` of them to `url` (http://127.0.0.1:PORT). */
export interface Endpoint {
  url: string;
  count: number;
}

export type Command =
  | {
      type: 'connect';
      transport: Transport;
      path: string;
      endpoints: Endpoint[];
      /** Connected means quiet: no packet for this long (announcements drained). */
      settleMs: number;
      /** The handshake's `auth` payload (B13 signs in with `{ token }`). */
      auth?: Record<string, unknown>;
    }
  | {
      type: 'requests';
      /** The socket.io event array sent with an acknowledgement, e.g. ["action",{...}]. */
      event: string;
      inFlight: number;
      warmupMs: number;
      durationMs: number;
      /** Server-side processes whose CPU is read over the measured window. */
      pids: number[];
    }
  | { type: 'fanout'; warmupMs: number; durationMs: number; pids: number[] }
  | RecoveryCommand
  | { type: 'close' };

/**
 * B12, all in one command on its own connections: `receivers` clients in the room and one sender
 * saying `ratePerSecond` messages into it; after `beforeMs` every receiver's websocket is cut
 * (no socket.io disconnect packet), and `dropMs` later each connects again with its session id
 * and last offset, as socket.io-client does with connectionStateRecovery. The sender stops
 * `afterMs` after that; then up to `drainMs` for the last deliveries.
 */
export interface RecoveryCommand {
  type: 'recovery';
  url: string;
  path: string;
  receivers: number;
  ratePerSecond: number;
  beforeMs: number;
  dropMs: number;
  afterMs: number;
  drainMs: number;
  pids: number[];
}

/** What B12 saw, over all receivers. */
export interface RecoveryResult {
  receivers: number;
  /** Receivers that came back with the same socket id (socket.io recovered them). */
  recovered: number;
  /** Messages the server acknowledged to the sender: every receiver should get each once. */
  said: number;
  /** Messages the sender had refused, or never acknowledged. */
  refused: number;
  /** Acknowledged messages a receiver never got, summed over receivers. */
  missed: number;
  /** Extra copies of a message a receiver got, summed over receivers. */
  duplicates: number;
  /** Receivers with at least one message missed. */
  receiversMissing: number;
  /** Messages replayed on reconnection (before the CONNECT answer), summed over receivers. */
  replayed: number;
  /** From the reconnections' start until every receiver had its CONNECT answered, in ms. */
  reconnectMs: number;
  /** The sender's messages received, all receivers together (CPU per delivery counts these). */
  deliveries: number;
  elapsedMs: number;
  clientCpu: number;
  serverCpu: number[];
}

export interface Measurement {
  elapsedMs: number;
  /** Requests answered, or `say` deliveries received. */
  count: number;
  /** Replies carrying `error`, or fan-out messages not delivered to everyone in time. */
  errors: number;
  /** Request round trip, or send to last delivery, in ms. */
  p50: number;
  p99: number;
  /** Fraction of one core over the window. */
  clientCpu: number;
  serverCpu: number[];
}

export type Reply =
  | { type: 'connected'; connections: number; ms: number }
  | { type: 'measured'; result: Measurement }
  | { type: 'recovered'; result: RecoveryResult }
  | { type: 'closed' }
  | { type: 'failed'; message: string };
