// Private rooms: a chat room whose name starts with `private:` lets in only a connection whose
// user lists that exact name in `rooms` (with sign-in, the token's `rooms` claim). Built in to
// every project; without sign-in no one has such a list, so no one gets in.

import type { Config } from '../config/config-types.js';
import { defineChatMiddleware, refuse, type ChatMiddleware } from '../core/middleware.js';
import { StartupError } from '../core/startup-error.js';
import type { User } from '../protocol/events.js';
import { sessionExpired } from './expiry.js';
import { signInTexts } from './tokens.js';

export const PRIVATE_ROOM_PREFIX = 'private:';

/** What a client is told, as `Error: TEXT` (403), when it may not enter a private room. */
export const privateRoomRefusal = 'you may not join this room';

export function isPrivateRoom(room: string): boolean {
  return room.startsWith(PRIVATE_ROOM_PREFIX);
}

/** Whether `user` lists `room`, by its exact name, in its `rooms`. */
export function listsRoom(user: User | undefined, room: string): boolean {
  const rooms = user?.rooms;
  return Array.isArray(rooms) && rooms.includes(room);
}

/**
 * Whether a connection of `user` may be in `room` now: any room but a private one, and a private
 * one while the user lists it and its session has not expired. Asked again when socket.io
 * recovers a connection after a drop: sign-in has just read the new handshake's token, which may
 * no longer list a room the connection was in (see socket/recovery.ts).
 */
export function mayStayIn(user: User | undefined, room: string, config: Config): boolean {
  if (!isPrivateRoom(room)) return true;
  if (user === undefined || !listsRoom(user, room)) return false;
  return !sessionExpired(user, config.auth.clockToleranceSec);
}

/**
 * The chat middleware that guards `roomChange` and `listenToRoom`. Nothing else needs it: `say`
 * and `roomView` act on the room a connection is in, and no connection is in a private room
 * without having been let in here (the default room cannot be private), or, when socket.io
 * recovers a connection after a drop, without mayStayIn() allowing it again with the new token.
 */
export const privateRooms: ChatMiddleware = defineChatMiddleware({
  name: 'privateRooms',
  // Before every other join hook: a middleware of the project never sees a refused join.
  priority: Number.MIN_SAFE_INTEGER,
  join({ connection, room }, { config }) {
    if (!isPrivateRoom(room)) return;
    const user = connection.data.user;
    if (user === undefined || !listsRoom(user, room)) refuse(privateRoomRefusal, 403);
    // The claim was checked with the token at the handshake; the token may have expired since.
    if (sessionExpired(user, config.auth.clockToleranceSec)) refuse(signInTexts.expired, 401);
  },
});

/** Every connection starts in the default room, so it cannot be a private one. */
export function checkDefaultRoom(config: Config): void {
  const room = config.general.defaultChatRoom;
  if (isPrivateRoom(room)) {
    throw new StartupError(
      `general.defaultChatRoom is ${JSON.stringify(room)}: every connection starts in the default room, so it cannot be private; choose a name that does not start with "${PRIVATE_ROOM_PREFIX}"`,
    );
  }
}
