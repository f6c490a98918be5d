// Chat room names: validation, and the socket.io rooms behind a chat room (members and listeners).

export const MAX_ROOM_LENGTH = 100;
export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_LISTENED_ROOMS = 100;

// Prefixes keep chat rooms apart from socket.io's own per-connection rooms (named by socket id).
export const membersOf = (room: string): string => `room:${room}`;
export const listenersOf = (room: string): string => `listen:${room}`;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

/** An error text naming the field, or undefined when `room` is a valid room name. */
export function checkRoom(room: unknown): string | undefined {
  if (
    typeof room !== 'string' ||
    room.length === 0 ||
    room.length > MAX_ROOM_LENGTH ||
    CONTROL.test(room)
  ) {
    return `Error: room must be a string of 1 to ${MAX_ROOM_LENGTH} characters without control characters`;
  }
  return undefined;
}

export function checkMessage(message: unknown): string | undefined {
  if (typeof message !== 'string' || message.length === 0 || message.length > MAX_MESSAGE_LENGTH) {
    return `Error: message must be a string of 1 to ${MAX_MESSAGE_LENGTH} characters`;
  }
  return undefined;
}

/** Reads a field from a payload that may not be an object at all. */
export function field(payload: unknown, name: string): unknown {
  if (typeof payload !== 'object' || payload === null || !Object.hasOwn(payload, name)) {
    return undefined;
  }
  return (payload as Record<string, unknown>)[name];
}
