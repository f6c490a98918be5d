// Sends a `say` (a chat message or a room announcement) to the connections of some socket.io
// rooms: one broadcast, or, when a chat middleware defines `say`, one message per recipient.

import type { AppSocket, AppState } from '../app-state.js';
import { logFailure, refusalOf, runHooks } from '../core/hooks.js';
import type { SayData } from '../core/middleware.js';
import type { SayMessage } from '../protocol/events.js';
import { recoveryWindowMs } from './options.js';

/**
 * To every connection in `rooms` but the sender. Without a `say` middleware this is one socket.io
 * broadcast (the adapter reaches the other nodes). With one, each node runs it for its own
 * recipients: this node at once, the others through the adapter's serverSideEmit (one message
 * per node, not per recipient). Resolves once this node's recipients have been sent theirs.
 */
export function sendSay(
  state: AppState,
  sender: AppSocket,
  rooms: string[],
  message: SayMessage,
): void | Promise<void> {
  if (state.middleware.say.length === 0) {
    sender.to(rooms).emit('say', message);
    return;
  }
  const io = state.io;
  if (io === null) return;
  // Only the Redis adapter has other nodes; socket.io's in-memory one only warns.
  if (state.config.redis.enable) io.serverSideEmit('chat:say', message, rooms, sender.id);
  return deliverLocally(state, message, rooms, sender.id);
}

/**
 * Runs the `say` middleware for each connection of this node in `rooms` (once per connection,
 * even when it is in several), except `except`, and sends it its copy unless one returned false
 * (or refused, or failed: a failure is logged, and keeps the message from that recipient).
 */
export function deliverLocally(
  state: AppState,
  message: SayMessage,
  rooms: readonly string[],
  except: string,
): void | Promise<void> {
  const io = state.io;
  if (io === null) return;
  const members = io.sockets.adapter.rooms;
  const seen = new Set<string>([except]);
  const pending: Promise<void>[] = [];
  for (const room of rooms) {
    for (const id of members.get(room) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const recipient = io.sockets.sockets.get(id);
      if (recipient === undefined) continue;
      const sent = deliverTo(state, recipient, message);
      if (sent !== undefined) pending.push(sent);
    }
  }
  if (pending.length > 0) return Promise.all(pending).then(() => undefined);
}

function deliverTo(
  state: AppState,
  recipient: AppSocket,
  message: SayMessage,
): void | Promise<void> {
  const data: SayData = { connection: recipient, room: message.room, message: { ...message } };
  const failed = (error: unknown): void => {
    if (refusalOf(error) !== undefined) return; // a refusal keeps it from this recipient, quietly
    logFailure(state.log, error, { recipient: recipient.id, room: message.room });
  };
  let passed: boolean | Promise<boolean>;
  try {
    passed = runHooks(state.middleware.say, data, true);
  } catch (error) {
    failed(error);
    return;
  }
  if (passed instanceof Promise) {
    return passed.then((ok) => {
      if (ok && recipient.connected) sendCopy(state, recipient, data.message);
    }, failed);
  }
  if (passed) sendCopy(state, recipient, data.message);
}

/**
 * One recipient's copy. With recovery on it is a broadcast to the recipient's own socket.io room,
 * so socket.io keeps it, with an offset, like any broadcast: a copy sent into a connection that
 * has dropped without the server knowing yet reaches it when it recovers (a direct emit would be
 * lost). A connection the server already knows is away is in no room, so it gets no copy: with a
 * `say` middleware the messages of a gap are not replayed (see the README).
 */
function sendCopy(state: AppState, recipient: AppSocket, message: SayMessage): void {
  if (state.io !== null && recoveryWindowMs(state) !== undefined) {
    state.io.to(recipient.id).emit('say', message);
  } else {
    recipient.emit('say', message);
  }
}
