// The verbs a client may send, by event name (a Map: `constructor` or `__proto__` find nothing).
// The table is typed against ClientToServerEvents (src/protocol/events.ts): an event there without
// a handler here, or a handler here for an event not there, does not compile.

import type { ClientToServerEvents } from '../protocol/events.js';
import type { Connection } from './connection-state.js';
import { action } from './verb-action.js';
import { detailsView, listenToRoom, roomChange, roomView, say, silenceRoom } from './verb-chat.js';

type Result = Record<string, unknown>;

export type Verb =
  /**
   * Sync verbs answer at once and never count as pending requests; only an asynchronous chat
   * middleware (src/middleware/) makes one return a promise.
   */
  | {
      kind: 'sync';
      handle(conn: Connection, payload: unknown, messageCount: number): Result | Promise<Result>;
    }
  /**
   * Async verbs count as pending requests (simultaneousActions) and are awaited by shutdown; one
   * that can answer at once (an action with a synchronous run) returns its result directly.
   */
  | {
      kind: 'async';
      handle(conn: Connection, payload: unknown, messageCount: number): Result | Promise<Result>;
    }
  | { kind: 'disconnect' };

/** An event that takes an acknowledgement gets a handler; one that takes nothing closes the connection. */
type VerbFor<Event extends (...args: never[]) => void> =
  Parameters<Event> extends []
    ? Extract<Verb, { kind: 'disconnect' }>
    : Exclude<Verb, { kind: 'disconnect' }>;

const table: {
  readonly [Name in keyof ClientToServerEvents]: VerbFor<ClientToServerEvents[Name]>;
} = {
  action: { kind: 'async', handle: action },
  say: { kind: 'sync', handle: say },
  roomView: { kind: 'async', handle: roomView },
  roomChange: { kind: 'sync', handle: roomChange },
  listenToRoom: { kind: 'sync', handle: listenToRoom },
  silenceRoom: { kind: 'sync', handle: silenceRoom },
  detailsView: { kind: 'sync', handle: detailsView },
  quit: { kind: 'disconnect' },
  exit: { kind: 'disconnect' },
  close: { kind: 'disconnect' },
};

export const verbs: ReadonlyMap<string, Verb> = new Map<string, Verb>(Object.entries(table));
