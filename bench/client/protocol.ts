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
  | { type: 'close' };

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
  | { type: 'closed' }
  | { type: 'failed'; message: string };
