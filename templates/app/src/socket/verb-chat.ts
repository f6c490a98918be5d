// Chat verbs: say, roomView, roomChange, listenToRoom, silenceRoom, and detailsView.

import { errors } from '../protocol/errors.js';
import { fail, ok } from '../protocol/reply.js';
import type { SayMessage } from '../protocol/events.js';
import { announce } from './announce.js';
import { setRoom, type Connection } from './connection-state.js';
import {
  MAX_LISTENED_ROOMS,
  checkMessage,
  checkRoom,
  field,
  listenersOf,
  membersOf,
} from './rooms.js';

type Result = Record<string, unknown>;

export function say(conn: Connection, payload: unknown, messageCount: number): Result {
  const message = field(payload, 'message');
  const problem = checkMessage(message);
  if (problem !== undefined) return fail(problem, messageCount);
  const { socket } = conn;
  const said: SayMessage = {
    message: message as string,
    room: socket.data.room,
    from: socket.id,
    context: 'user',
    sentAt: Date.now(),
  };
  socket.to(conn.sayTargets).emit('say', said);
  return ok({}, messageCount);
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

export function roomChange(conn: Connection, payload: unknown, messageCount: number): Result {
  const room = field(payload, 'room');
  const problem = checkRoom(room);
  if (problem !== undefined) return fail(problem, messageCount);
  const newRoom = room as string;
  const { socket } = conn;
  const oldRoom = socket.data.room;
  if (newRoom !== oldRoom) {
    announce(conn, oldRoom, 'I have left the room');
    void socket.leave(membersOf(oldRoom));
    void socket.join(membersOf(newRoom));
    setRoom(conn, newRoom);
    announce(conn, newRoom, 'I have entered the room');
  }
  return ok({ room: newRoom }, messageCount);
}

export function listenToRoom(conn: Connection, payload: unknown, messageCount: number): Result {
  const room = field(payload, 'room');
  const problem = checkRoom(room);
  if (problem !== undefined) return fail(problem, messageCount);
  const listening = conn.socket.data.listeningRooms;
  if (listening.includes(room as string)) return fail(errors.alreadyListening, messageCount);
  if (listening.length >= MAX_LISTENED_ROOMS) {
    return fail(
      `Error: room: a connection may listen to at most ${MAX_LISTENED_ROOMS} rooms`,
      messageCount,
    );
  }
  listening.push(room as string);
  void conn.socket.join(listenersOf(room as string));
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
  };
  return ok({ details }, messageCount);
}
