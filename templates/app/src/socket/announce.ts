// Room announcements ("I have entered the room"), sent as `say` to the others in a room and its
// listeners, unless general.announceRoomChanges is off or the room is over announceMaxMembers.
//
// Why a cap: each announcement goes to every member, so n connections entering one room cost
// about n²/2 frames. Why this node's count: socket.io's in-memory rooms give a room's size here
// for free (a Map lookup), while a cluster-wide count (fetchSockets through Redis) costs a round
// trip to every node per join, which is the very cost the cap is there to avoid. So with Redis the
// cap is per node: a room spread over N nodes is announced in until about N × the cap members.

import type { AppState } from '../app-state.js';
import type { Connection } from './connection-state.js';
import { sendSay } from './deliver.js';
import { listenersOf, membersOf } from './rooms.js';

/**
 * Whether entries and leaves of `room` are announced. `withMover` is 1 when the connection that
 * enters or leaves is no longer among the members counted here (it has already gone), so the
 * room is always measured with it in: the last member to enter an announced room is announced,
 * and so is the first to leave it.
 */
export function announcesIn(state: AppState, room: string, withMover: 0 | 1 = 0): boolean {
  const { announceRoomChanges, announceMaxMembers } = state.config.general;
  if (!announceRoomChanges) return false;
  if (announceMaxMembers === 0 || state.io === null) return true;
  const members = state.io.sockets.adapter.rooms.get(membersOf(room))?.size ?? 0;
  return members + withMover <= announceMaxMembers;
}

export function announce(
  conn: Connection,
  room: string,
  message: string,
  withMover: 0 | 1 = 0,
): void {
  const { socket, state } = conn;
  if (!announcesIn(state, room, withMover)) return;
  void sendSay(state, socket, [membersOf(room), listenersOf(room)], {
    message,
    room,
    from: socket.id,
    context: 'user',
    sentAt: Date.now(),
  });
}
