// Connection state recovery (socket.io's connectionStateRecovery setting). When a connection
// drops for a reason socket.io can recover from (a network cut, a ping timeout), socket.io keeps
// its id, socket.io rooms and socket.data for maxDisconnectionDuration, with every broadcast
// sent meanwhile. A client that comes back in time gets them all, in order, and `socket.recovered`.
//
// The app's side: a drop that may be recovered is an absence, not an end. The "I have left the
// room" announcement and the `leave` and `destroy` middleware wait for the window to pass; a
// connection that comes back keeps its room and listened rooms (socket.data), gets no second
// welcome and is not announced again.

import type { AppSocket, AppState } from '../app-state.js';
import { notifyHooks } from '../core/hooks.js';
import { mayStayIn } from '../auth/private-rooms.js';
import { announce } from './announce.js';
import { recoveryWindowMs } from './options.js';
import { setRoom, type Connection } from './connection-state.js';
import { listenersOf, membersOf } from './rooms.js';

/** The reasons for a close after which socket.io keeps the state (socket.io's own list). */
const RECOVERABLE = new Set([
  'transport error',
  'transport close',
  'forced close',
  'ping timeout',
  'server shutting down',
  'forced server close',
]);

/**
 * The welcome. With recovery on it is a broadcast to the connection's own socket.io room, so it
 * carries an offset like every broadcast: socket.io-client asks for its state back only when it
 * holds an offset, so a connection that had heard nothing else before a drop could not be
 * recovered. socket.io keeps that one packet for the window.
 */
export function sendWelcome(state: AppState, socket: AppSocket, room: string): void {
  const welcome = { welcome: state.config.general.welcomeMessage, room, context: 'api' as const };
  if (state.io !== null && recoveryWindowMs(state) !== undefined) {
    state.io.to(socket.id).emit('welcome', welcome);
  } else {
    socket.emit('welcome', welcome);
  }
}

interface Away {
  timer: NodeJS.Timeout;
  end: () => void;
}

/** The connections of each app that dropped and may still come back: what ends them if not. */
const away = new WeakMap<AppState, Map<string, Away>>();

/**
 * Calls `end` now, or, when the connection may be recovered, once the window has passed without
 * it coming back (to this node, or with Redis to any node).
 */
export function endOrAwait(conn: Connection, reason: string, end: () => void): void {
  const { state, socket } = conn;
  const windowMs = recoveryWindowMs(state);
  if (windowMs === undefined || state.shuttingDown || !RECOVERABLE.has(reason)) {
    end();
    return;
  }
  const waiting = away.get(state) ?? new Map<string, Away>();
  away.set(state, waiting);
  clearTimeout(waiting.get(socket.id)?.timer);
  const timer = setTimeout(() => {
    waiting.delete(socket.id);
    void cameBack(state, socket.id).then((back) => {
      if (!back) end();
    });
  }, windowMs + 1000); // a comeback at the very end of the window is still being set up
  // Never keeps the process alive (endAllAway ends them at shutdown).
  timer.unref();
  waiting.set(socket.id, { timer, end });
}

/**
 * At shutdown, without Redis: the connections still away can no longer come back (their state
 * lives in this process), so they end now and the middleware hear of it. With Redis another node
 * may still recover them, so they are left alone: one that no node recovers is never announced
 * as gone, nor told to `leave` and `destroy`.
 */
export function endAllAway(state: AppState): void {
  const waiting = away.get(state);
  if (waiting === undefined || state.config.redis.enable) return;
  away.delete(state);
  for (const { timer, end } of waiting.values()) {
    clearTimeout(timer);
    end();
  }
}

/** Whether a connection with this id is connected now: here, or on another node with Redis. */
async function cameBack(state: AppState, id: string): Promise<boolean> {
  const io = state.io;
  if (io === null || state.shuttingDown) return false;
  if (io.sockets.sockets.has(id)) return true;
  if (!state.config.redis.enable) return false;
  try {
    return (await io.in(id).fetchSockets()).length > 0;
  } catch {
    return false; // other nodes unreachable: the connection ends here, as without recovery
  }
}

/** The data objects of connections that live on this node (see resume). */
const live = new WeakSet<object>();

export function markLive(conn: Connection): void {
  live.add(conn.socket.data);
}

/**
 * Sets up a connection socket.io recovered: it keeps its room and listened rooms, except private
 * rooms its user may no longer be in (sign-in has just read the new handshake's token): it is
 * taken out of those, and when that is its room it is moved to the default room and sent a
 * welcome naming it, as a new connection would be, so the client knows where it is.
 */
export function resume(conn: Connection): void {
  const { state, socket } = conn;
  const data = socket.data;
  clearTimeout(away.get(state)?.get(socket.id)?.timer);
  away.get(state)?.delete(socket.id);
  // With Redis Streams the state comes back as a copy, maybe on another node: the requests it
  // had in flight were answered (or lost) with the old connection, so none are pending here.
  if (!live.has(data)) data.pendingActions = 0;
  live.add(data);
  setRoom(conn, data.room);

  const { config } = state;
  for (const room of data.listeningRooms.slice()) {
    if (mayStayIn(data.user, room, config)) continue;
    data.listeningRooms.splice(data.listeningRooms.indexOf(room), 1);
    void socket.leave(listenersOf(room));
    tell(conn, room, 'silenceRoom', true);
  }
  const room = data.room;
  if (mayStayIn(data.user, room, config)) return;
  const home = config.general.defaultChatRoom;
  announce(conn, room, 'I have left the room');
  void socket.leave(membersOf(room));
  void socket.join(membersOf(home));
  setRoom(conn, home);
  sendWelcome(state, socket, home);
  announce(conn, home, 'I have entered the room');
  tell(conn, room, 'roomChange', false);
}

function tell(
  conn: Connection,
  room: string,
  mode: 'roomChange' | 'silenceRoom',
  listening: boolean,
): void {
  const { state, socket } = conn;
  if (state.middleware.leave.length === 0) return;
  notifyHooks(state.middleware.leave, { connection: socket, room, mode, listening }, state.log, {
    id: socket.id,
  });
}
