// Builds and sends replies: fields are assigned onto the result (no spreads on the hot path).

import type { Socket } from 'socket.io';

export type Acknowledge = (reply: unknown) => void;
type Result = Record<string, unknown>;

/** Marks `result` as a successful reply to request number `messageCount`. */
export function ok<T extends Result>(result: T, messageCount: number): T {
  const reply = result as Result;
  reply.context = 'response';
  reply.messageCount = messageCount;
  reply.status = 'OK';
  return result;
}

/** An error reply. */
export function fail(error: string, messageCount: number): Result {
  return { error, context: 'response', messageCount };
}

/** To the acknowledgement when there is one, else as a `response` event; never both. */
export function send(socket: Socket, ack: Acknowledge | undefined, reply: Result): void {
  if (ack !== undefined) ack(reply);
  else socket.emit('response', reply);
}
