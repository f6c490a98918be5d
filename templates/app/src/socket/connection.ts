// One socket.io connection: its state, the welcome, and the guarded dispatch of every request.

import type { AppSocket, AppState } from '../app-state.js';
import { requestDone } from '../app-state.js';
import { clientError, notifyHooks, runHooks, then } from '../core/hooks.js';
import { errors } from '../protocol/errors.js';
import { requestAddress } from '../http/client-address.js';
import { actionNameOf, logConnectionClosed, logConnectionOpened, logRequest } from '../log.js';
import type { SocketData } from '../protocol/events.js';
import { fail, send, type Acknowledge } from '../protocol/reply.js';
import { announce } from './announce.js';
import { setRoom, type Connection } from './connection-state.js';
import { endOrAwait, markLive, resume, sendWelcome } from './recovery.js';
import { membersOf } from './rooms.js';
import { verbs } from './verbs.js';

function initialData(state: AppState, socket: AppSocket): SocketData {
  return {
    connectedAt: Date.now(),
    remoteIP: requestAddress(socket.request, state.config.servers.web.trustedProxies),
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
  // A connection socket.io recovered keeps its state, but the middleware are asked again (the
  // server turns socket.io's skipMiddlewares off): sign-in reads the new handshake's token.
  if (socket.recovered) {
    delete socket.data.user;
    refresh(state, socket);
  } else socket.data = initialData(state, socket);
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

/** A recovered connection comes from a new address and port (a phone may change network). */
function refresh(state: AppState, socket: AppSocket): void {
  const fresh = initialData(state, socket);
  socket.data.remoteIP = fresh.remoteIP;
  socket.data.remotePort = fresh.remotePort;
}

export function attachConnection(state: AppState, socket: AppSocket): void {
  const conn: Connection = { state, socket, sayTargets: [], actionContext: undefined };
  if (socket.recovered) {
    // Back after a short drop (connectionStateRecovery): socket.io gave back its id, rooms and
    // data, and replays what it missed. Not a new connection: no welcome, no announcement.
    if (!admitted.has(socket)) refresh(state, socket);
    resume(conn);
    state.metrics?.connectionOpened();
    state.log.info({ ...connectionFields(socket), recovered: true }, 'connection recovered');
  } else {
    const room = state.config.general.defaultChatRoom;
    if (!admitted.has(socket)) socket.data = initialData(state, socket);
    markLive(conn);
    setRoom(conn, room);
    void socket.join(membersOf(room));
    sendWelcome(state, socket, room);
    announce(conn, room, 'I have entered the room');
    state.metrics?.connectionOpened();
    logConnectionOpened(state.log, connectionFields(socket));
  }

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
  socket.on('disconnect', (reason) => {
    state.metrics?.connectionClosed();
    logConnectionClosed(state.log, connectionFields(socket), reason, socket.data.connectedAt);
    // With recovery on, a dropped connection may come back within the window: it ends then.
    endOrAwait(conn, reason, () => {
      // socket.io has already taken it out of its rooms: it is counted back in (see announce).
      announce(conn, socket.data.room, 'I have left the room', 1);
      const { leave, destroy } = state.middleware;
      if (leave.length > 0) leaveAll(conn);
      if (destroy.length > 0) notifyHooks(destroy, socket, state.log, { id: socket.id });
    });
  });
  // Without an error listener a failing middleware would be logged to stderr only.
  socket.on('error', (err) => state.log.debug({ err, id: socket.id }, 'socket error'));
}

/** Where a connection's log lines say it comes from, and how. */
function connectionFields(socket: AppSocket) {
  return { id: socket.id, address: socket.data.remoteIP, transport: socket.conn.transport.name };
}

/** Sends a reply, then logs the request (a success only when debug is on: see logRequest). */
function answer(
  conn: Connection,
  event: unknown,
  payload: unknown,
  ack: Acknowledge | undefined,
  reply: Record<string, unknown>,
  started: number,
  err?: unknown,
): void {
  const { socket, state } = conn;
  send(socket, ack, reply);
  // One clock reading per request (`started`, in dispatch) serves both the metrics and the log.
  const action = actionNameOf(event, payload);
  state.metrics?.request(event, reply, action, (performance.now() - started) / 1000);
  // Every successful reply (ok() in protocol/reply.ts) says status OK; a failed one has its error.
  const failed = reply.status !== 'OK';
  if (!failed && !state.log.isLevelEnabled('debug')) return;
  const error = failed ? String(reply.error) : undefined;
  logRequest(
    state.log,
    socket.id,
    socket.data.remoteIP,
    String(event),
    action,
    started,
    error,
    undefined,
    err,
  );
}

function dispatch(
  conn: Connection,
  event: unknown,
  payload: unknown,
  ack: Acknowledge | undefined,
): void {
  const { state, socket } = conn;
  const data = socket.data;
  const started = performance.now();
  const messageCount = ++data.messageCount;
  const verb = typeof event === 'string' ? verbs.get(event) : undefined;
  if (verb === undefined) {
    answer(
      conn,
      event,
      payload,
      ack,
      fail(errors.unknownVerb(String(event)), messageCount),
      started,
    );
    return;
  }
  if (verb.kind === 'disconnect') {
    socket.disconnect(true);
    return;
  }
  if (state.shuttingDown) {
    answer(conn, event, payload, ack, fail(errors.shuttingDown, messageCount), started);
    return;
  }
  try {
    if (verb.kind === 'sync') {
      const reply = verb.handle(conn, payload, messageCount);
      // A promise only when a chat middleware is asynchronous: not a pending request.
      if (reply instanceof Promise)
        answerLater(conn, event, payload, ack, reply, messageCount, started, false);
      else answer(conn, event, payload, ack, reply, started);
      return;
    }
    if (data.pendingActions >= state.config.general.simultaneousActions) {
      answer(conn, event, payload, ack, fail(errors.tooManyPending, messageCount), started);
      return;
    }
    const reply = verb.handle(conn, payload, messageCount);
    if (!(reply instanceof Promise)) {
      answer(conn, event, payload, ack, reply, started);
      return;
    }
    answerLater(conn, event, payload, ack, reply, messageCount, started, true);
  } catch (err) {
    answer(conn, event, payload, ack, fail(errors.internal, messageCount), started, err);
  }
}

/** Sends a reply once it is ready; shutdown waits for it, and `pending` counts it as pending. */
function answerLater(
  conn: Connection,
  event: unknown,
  payload: unknown,
  ack: Acknowledge | undefined,
  reply: Promise<Record<string, unknown>>,
  messageCount: number,
  started: number,
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
      answer(conn, event, payload, ack, result, started);
    },
    (err: unknown) => {
      if (pending) data.pendingActions--;
      requestDone(state);
      answer(conn, event, payload, ack, fail(errors.internal, messageCount), started, err);
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
