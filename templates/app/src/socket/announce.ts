// Room announcements ("I have entered the room"), sent as `say` to the others in a room and its listeners.

import type { Connection } from './connection-state.js';
import { sendSay } from './deliver.js';
import { listenersOf, membersOf } from './rooms.js';

export function announce(conn: Connection, room: string, message: string): void {
  const { socket } = conn;
  void sendSay(conn.state, socket, [membersOf(room), listenersOf(room)], {
    message,
    room,
    from: socket.id,
    context: 'user',
    sentAt: Date.now(),
  });
}
