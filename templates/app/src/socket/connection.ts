// One socket.io connection: its state, the welcome, and the guarded dispatch of every request.

import type { AppSocket, AppState } from '../app-state.js';
import { requestDone } from '../app-state.js';
import { clientAddress } from '../core/context.js';
import { clientError, notifyHooks, runHooks, then } from '../core/hooks.js';
import { errors } from '../protocol/errors.js';
import type { SocketData } from '../protocol/events.js';
import { fail, send, type Acknowledge } from '../protocol/reply.js';
import { announce } from './announce.js';
import { setRoom, type Connection } from './connection-state.js';
import { membersOf } from './rooms.js';
import { verbs } from './verbs.js';

function initialData(state: AppState, socket: AppSocket): SocketData {
  return {
    connectedAt: Date.now(),
    remoteIP: clientAddress(socket.handshake.address),
    remotePort: socket.request.socket.remotePort ?? 0,
    room: state.config.general.defaultChatRoom,
    listeningRooms: [],
    params: {},
    messageCount: 0,
    totalActions: 0,
    pendingActions: 0,
  };
}

/** Set once admitConnection has filled socket.data, so attachConnection keeps what `create` set. */
const admitted = new WeakSet<AppSocket>();

type Next = (err?: Error & { data?: unknown }) => void;

/**
 * socket.io middleware (io.use), only when some connection middleware has `create`: runs each
 * in order before the connection exists. A refusal turns the client away with `connect_error`
 * (`Error: TEXT`, and `data.status`); a failure is logged with the middleware's name and the
 * client gets the internal error.
 */
export function admitConnection(state: AppState, socket: AppSocket, next: Next): void {
  socket.data = initialData(state, socket);
  admitted.add(socket);
  then(
    () => runHooks(state.middleware.create, socket),
    () => next(),
    (error: unknown) => {
      const { text, status } = clientError(state.log, error, { id: socket.id });
      next(Object.assign(new Error(text), { data: { status } }));
    },
  );
}

export function attachConnection(state: AppState, socket: AppSocket): void {
  const room = state.config.general.defaultChatRoom;
  if (!admitted.has(socket)) socket.data = initialData(state, socket);
  const conn: Connection = { state, socket, sayTargets: [], actionContext: undefined };
  setRoom(conn, room);
  // A connection socket.io recovered after a short disconnection (connectionStateRecovery) starts
  // again in the default room, as its state says: it leaves the rooms socket.io gave back, which
  // it may no longer be allowed in (its new token may not list a private room).
  if (socket.recovered) {
    for (const old of [...socket.rooms]) if (old !== socket.id) void socket.leave(old);
  }
  void socket.join(membersOf(room));
  socket.emit('welcome', { welcome: state.config.general.welcomeMessage, room, context: 'api' });
  announce(conn, room, 'I have entered the room');

  // Every event goes through this one socket middleware: known verbs are looked up in a Map,
  // anything else is refused. It never calls `next`, so socket.io does not go on to emit the
  // event (a tick and an emit per request that nobody listens to); an `onAny` listener would
  // also cost a copy of socket.io's listener array per event. socket.io appends the
  // acknowledgement, when the client asked for one, as the last argument.
  socket.use((args: unknown[]) => {
    const last = args.length > 1 ? args[args.length - 1] : undefined;
    const ack = typeof last === 'function' ? (last as Acknowledge) : undefined;
    const payload = args.length > 1 && args[1] !== ack ? args[1] : undefined;
    dispatch(conn, args[0], payload, ack);
  });
  socket.on('disconnect', () => {
    announce(conn, socket.data.room, 'I have left the room');
    const { leave, destroy } = state.middleware;
    if (leave.length > 0) leaveAll(conn);
    if (destroy.length > 0) notifyHooks(destroy, socket, state.log, { id: socket.id });
  });
  // Without an error listener a failing middleware would be logged to stderr only.
  socket.on('error', (err) => state.log.debug({ err, id: socket.id }, 'socket error'));
}

function dispatch(
  conn: Connection,
  event: unknown,
  payload: unknown,
  ack: Acknowledge | undefined,
): void {
  const { state, socket } = conn;
  const data = socket.data;
  const messageCount = ++data.messageCount;
  const verb = typeof event === 'string' ? verbs.get(event) : undefined;
  if (verb === undefined) {
    send(socket, ack, fail(errors.unknownVerb(String(event)), messageCount));
    return;
  }
  if (verb.kind === 'disconnect') {
    socket.disconnect(true);
    return;
  }
  if (state.shuttingDown) {
    send(socket, ack, fail(errors.shuttingDown, messageCount));
    return;
  }
  try {
    if (verb.kind === 'sync') {
      const reply = verb.handle(conn, payload, messageCount);
      // A promise only when a chat middleware is asynchronous: not a pending request.
      if (reply instanceof Promise) answerLater(conn, event, ack, reply, messageCount, false);
      else send(socket, ack, reply);
      return;
    }
    if (data.pendingActions >= state.config.general.simultaneousActions) {
      send(socket, ack, fail(errors.tooManyPending, messageCount));
      return;
    }
    const reply = verb.handle(conn, payload, messageCount);
    if (!(reply instanceof Promise)) {
      send(socket, ack, reply);
      return;
    }
    answerLater(conn, event, ack, reply, messageCount, true);
  } catch (err) {
    state.log.error({ err, verb: event }, 'request failed');
    send(socket, ack, fail(errors.internal, messageCount));
  }
}

/** Sends a reply once it is ready; shutdown waits for it, and `pending` counts it as pending. */
function answerLater(
  conn: Connection,
  event: unknown,
  ack: Acknowledge | undefined,
  reply: Promise<Record<string, unknown>>,
  messageCount: number,
  pending: boolean,
): void {
  const { state, socket } = conn;
  const data = socket.data;
  if (pending) data.pendingActions++;
  state.inFlight++;
  reply.then(
    (result) => {
      if (pending) data.pendingActions--;
      requestDone(state);
      send(socket, ack, result);
    },
    (err: unknown) => {
      if (pending) data.pendingActions--;
      requestDone(state);
      state.log.error({ err, verb: event }, 'request failed');
      send(socket, ack, fail(errors.internal, messageCount));
    },
  );
}

/** Tells the `leave` middleware about the room a disconnected connection was in, and those it heard. */
function leaveAll(conn: Connection): void {
  const { state, socket } = conn;
  const fields = { id: socket.id };
  const tell = (room: string, listening: boolean): void =>
    notifyHooks(
      state.middleware.leave,
      { connection: socket, room, mode: 'disconnect', listening },
      state.log,
      fields,
    );
  tell(socket.data.room, false);
  for (const room of socket.data.listeningRooms) tell(room, true);
}
