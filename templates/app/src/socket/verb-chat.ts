// Chat verbs: say, roomView, roomChange, listenToRoom, silenceRoom, and detailsView.

import { clientError, notifyHooks, runHooks, then } from '../core/hooks.js';
import type { JoinData, LeaveData } from '../core/middleware.js';
import { errors } from '../protocol/errors.js';
import { fail, ok } from '../protocol/reply.js';
import type { SayMessage } from '../protocol/events.js';
import { announce } from './announce.js';
import { setRoom, type Connection } from './connection-state.js';
import { sendSay } from './deliver.js';
import {
  MAX_LISTENED_ROOMS,
  checkMessage,
  checkRoom,
  field,
  listenersOf,
  membersOf,
} from './rooms.js';

type Result = Record<string, unknown>;

/** The reply for a hook that refused (its text) or failed (the internal error, logged). */
function hookFailed(conn: Connection, messageCount: number, verb: string) {
  return (error: unknown): Result =>
    fail(clientError(conn.state.log, error, { verb, id: conn.socket.id }).text, messageCount);
}

/** Tells the `leave` middleware, when there are any. */
function told(conn: Connection, room: string, mode: LeaveData['mode'], listening: boolean): void {
  const { state, socket } = conn;
  if (state.middleware.leave.length === 0) return;
  const data: LeaveData = { connection: socket, room, mode, listening };
  notifyHooks(state.middleware.leave, data, state.log, { id: socket.id });
}

/** Runs the `join` middleware, then `next`; a refusal or failure answers the request instead. */
function joined(
  conn: Connection,
  room: string,
  mode: JoinData['mode'],
  messageCount: number,
  next: () => Result,
): Result | Promise<Result> {
  const data: JoinData = { connection: conn.socket, room, mode };
  return then(
    () => runHooks(conn.state.middleware.join, data),
    // An asynchronous middleware may answer after the connection went away: then change
    // nothing (the reply reaches no one).
    () => (conn.socket.connected ? next() : fail(errors.internal, messageCount)),
    hookFailed(conn, messageCount, mode),
  );
}

export function say(
  conn: Connection,
  payload: unknown,
  messageCount: number,
): Result | Promise<Result> {
  const message = field(payload, 'message');
  const problem = checkMessage(message);
  if (problem !== undefined) return fail(problem, messageCount);
  const { socket, state } = conn;
  state.metrics?.said();
  const said: SayMessage = {
    message: message as string,
    room: socket.data.room,
    from: socket.id,
    context: 'user',
    sentAt: Date.now(),
  };
  const { onSayReceive, say: perRecipient } = state.middleware;
  if (onSayReceive.length === 0 && perRecipient.length === 0) {
    socket.to(conn.sayTargets).emit('say', said);
    return ok({}, messageCount);
  }
  const targets = conn.sayTargets;
  return then(
    () => runHooks(onSayReceive, { connection: socket, room: said.room, message: said }),
    () => {
      const sent = sendSay(state, socket, targets, said);
      if (sent instanceof Promise) return sent.then(() => ok({}, messageCount));
      return ok({}, messageCount);
    },
    hookFailed(conn, messageCount, 'say'),
  );
}

export async function roomView(
  conn: Connection,
  _payload: unknown,
  messageCount: number,
): Promise<Result> {
  const { state, socket } = conn;
  const room = socket.data.room;
  const io = state.io;
  let members: string[] = [];
  if (io !== null) {
    try {
      // Cluster-wide with the Redis adapter; falls back to this node while Redis is down.
      members = (await io.in(membersOf(room)).fetchSockets()).map((s) => s.id);
    } catch (err) {
      state.log.warn({ err }, 'roomView: other nodes unreachable, showing this node only');
      members = (await io.local.in(membersOf(room)).fetchSockets()).map((s) => s.id);
    }
  }
  return ok({ room, roomStatus: { room, members, membersCount: members.length } }, messageCount);
}

export function roomChange(
  conn: Connection,
  payload: unknown,
  messageCount: number,
): Result | Promise<Result> {
  const room = field(payload, 'room');
  const problem = checkRoom(room);
  if (problem !== undefined) return fail(problem, messageCount);
  const newRoom = room as string;
  if (newRoom === conn.socket.data.room || conn.state.middleware.join.length === 0) {
    return moveTo(conn, newRoom, messageCount);
  }
  return joined(conn, newRoom, 'roomChange', messageCount, () =>
    moveTo(conn, newRoom, messageCount),
  );
}

function moveTo(conn: Connection, newRoom: string, messageCount: number): Result {
  const { socket } = conn;
  const oldRoom = socket.data.room;
  if (newRoom !== oldRoom) {
    announce(conn, oldRoom, 'I have left the room');
    void socket.leave(membersOf(oldRoom));
    void socket.join(membersOf(newRoom));
    setRoom(conn, newRoom);
    announce(conn, newRoom, 'I have entered the room');
    told(conn, oldRoom, 'roomChange', false);
  }
  return ok({ room: newRoom }, messageCount);
}

export function listenToRoom(
  conn: Connection,
  payload: unknown,
  messageCount: number,
): Result | Promise<Result> {
  const room = field(payload, 'room');
  const problem = checkRoom(room);
  if (problem !== undefined) return fail(problem, messageCount);
  const refused = cannotListen(conn, room as string, messageCount);
  if (refused !== undefined) return refused;
  if (conn.state.middleware.join.length === 0) return listen(conn, room as string, messageCount);
  return joined(
    conn,
    room as string,
    'listenToRoom',
    messageCount,
    // Checked again: the connection may have asked twice while the middleware decided.
    () =>
      cannotListen(conn, room as string, messageCount) ??
      listen(conn, room as string, messageCount),
  );
}

function cannotListen(conn: Connection, room: string, messageCount: number): Result | undefined {
  const listening = conn.socket.data.listeningRooms;
  if (listening.includes(room)) return fail(errors.alreadyListening, messageCount);
  if (listening.length >= MAX_LISTENED_ROOMS) {
    return fail(
      `Error: room: a connection may listen to at most ${MAX_LISTENED_ROOMS} rooms`,
      messageCount,
    );
  }
  return undefined;
}

function listen(conn: Connection, room: string, messageCount: number): Result {
  conn.socket.data.listeningRooms.push(room);
  void conn.socket.join(listenersOf(room));
  return ok({ room }, messageCount);
}

export function silenceRoom(conn: Connection, payload: unknown, messageCount: number): Result {
  const room = field(payload, 'room');
  const problem = checkRoom(room);
  if (problem !== undefined) return fail(problem, messageCount);
  const listening = conn.socket.data.listeningRooms;
  const index = listening.indexOf(room as string);
  if (index < 0) return fail(errors.notListening, messageCount);
  listening.splice(index, 1);
  void conn.socket.leave(listenersOf(room as string));
  told(conn, room as string, 'silenceRoom', true);
  return ok({ room }, messageCount);
}

export function detailsView(conn: Connection, _payload: unknown, messageCount: number): Result {
  const { socket } = conn;
  const d = socket.data;
  const details = {
    id: socket.id,
    remoteIP: d.remoteIP,
    remotePort: d.remotePort,
    connectedAt: d.connectedAt,
    room: d.room,
    listeningRooms: d.listeningRooms.slice(),
    params: d.params,
    totalActions: d.totalActions,
    pendingActions: d.pendingActions,
    user: d.user?.sub ?? null,
  };
  return ok({ details }, messageCount);
}
