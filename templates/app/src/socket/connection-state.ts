// The server-side companion of a socket: what does not belong in socket.data (which other nodes see).

import type { AppSocket, AppState } from '../app-state.js';
import type { ActionContext } from '../core/action.js';
import { listenersOf, membersOf } from './rooms.js';

export interface Connection {
  readonly state: AppState;
  readonly socket: AppSocket;
  /** socket.io rooms a `say` goes to: the current room's members and listeners. */
  sayTargets: string[];
  /** Reused by every action this connection runs. */
  actionContext: ActionContext | undefined;
}

export function setRoom(conn: Connection, room: string): void {
  conn.socket.data.room = room;
  conn.sayTargets = [membersOf(room), listenersOf(room)];
}
