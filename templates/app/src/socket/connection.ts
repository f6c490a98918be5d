// One socket.io connection: its state, the welcome, and the guarded dispatch of every request.

import type { AppSocket, AppState } from '../app-state.js';
import { requestDone } from '../app-state.js';
import { clientAddress } from '../core/context.js';
import { errors } from '../protocol/errors.js';
import { fail, send, type Acknowledge } from '../protocol/reply.js';
import { announce } from './announce.js';
import { setRoom, type Connection } from './connection-state.js';
import { membersOf } from './rooms.js';
import { verbs } from './verbs.js';

export function attachConnection(state: AppState, socket: AppSocket): void {
  const room = state.config.general.defaultChatRoom;
  socket.data = {
    connectedAt: Date.now(),
    remoteIP: clientAddress(socket.handshake.address),
    remotePort: socket.request.socket.remotePort ?? 0,
    room,
    listeningRooms: [],
    params: {},
    messageCount: 0,
    totalActions: 0,
    pendingActions: 0,
  };
  const conn: Connection = { state, socket, sayTargets: [], actionContext: undefined };
  setRoom(conn, room);
  void socket.join(membersOf(room));
  socket.emit('welcome', { welcome: state.config.general.welcomeMessage, room, context: 'api' });
  announce(conn, room, 'I have entered the room');

  // One listener for every event: known verbs are looked up in a Map, anything else is refused.
  // Fixed parameters (not ...rest) keep the hot path free of an extra array per request.
  socket.onAny((event: unknown, a: unknown, b: unknown, c: unknown) => {
    const ack = (
      typeof c === 'function'
        ? c
        : typeof b === 'function'
          ? b
          : typeof a === 'function'
            ? a
            : undefined
    ) as Acknowledge | undefined;
    dispatch(conn, event, a === ack ? undefined : a, ack);
  });
  socket.on('disconnect', () => announce(conn, socket.data.room, 'I have left the room'));
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
      send(socket, ack, verb.handle(conn, payload, messageCount));
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
    data.pendingActions++;
    state.inFlight++;
    reply.then(
      (result) => {
        data.pendingActions--;
        requestDone(state);
        send(socket, ack, result);
      },
      (err: unknown) => {
        data.pendingActions--;
        requestDone(state);
        state.log.error({ err, verb: event }, 'request failed');
        send(socket, ack, fail(errors.internal, messageCount));
      },
    );
  } catch (err) {
    state.log.error({ err, verb: event }, 'request failed');
    send(socket, ack, fail(errors.internal, messageCount));
  }
}
