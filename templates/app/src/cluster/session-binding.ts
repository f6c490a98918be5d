// Closes a race in @socket.io/sticky, so a polling client's second request never reaches the
// wrong worker.
//
// The primary routes a request that carries a session id (`sid=`) to the worker the worker said
// holds it. @socket.io/sticky has the worker say so over IPC once engine.io has opened the
// session, which is after the handshake reply has gone straight to the client on the socket the
// worker owns. When the primary is slow to read that IPC message (a busy machine, a backed-up
// pipe), the client's next request arrives first, goes round-robin to another worker, and fails
// with 400 "Session ID unknown": the client sees `xhr poll error`.
//
// Here the worker chooses the id itself (engine.io's `generateId` may be async), tells the
// primary, and answers the handshake only once the primary has confirmed it knows where the
// session lives. That costs one IPC round trip per new session, under start:cluster only.

import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { AppServer } from '../app-state.js';

/** The message @socket.io/sticky's primary reads to bind a session to a worker, with our flag. */
interface BindRequest {
  type: 'sticky:connection';
  data: string;
  confirm: true;
}

interface BindConfirmed {
  type: 'actionhero-ws:session-bound';
  sid: string;
}

/** If the primary never answers (it is going away), answer the handshake anyway. */
const CONFIRM_WAIT_MS = 5_000;

function isBindRequest(message: unknown): message is BindRequest {
  const m = message as Partial<BindRequest> | null;
  return m?.type === 'sticky:connection' && m.confirm === true && typeof m.data === 'string';
}

function isBindConfirmed(message: unknown): message is BindConfirmed {
  const m = message as Partial<BindConfirmed> | null;
  return m?.type === 'actionhero-ws:session-bound' && typeof m.sid === 'string';
}

/**
 * Primary side. Must be called after routeConnections (router.ts): cluster runs 'message'
 * listeners in order, so by the time this one confirms, the router has stored the binding.
 */
export function confirmSessionBindings(): void {
  cluster.on('message', (worker, message: unknown) => {
    if (!isBindRequest(message)) return;
    const reply: BindConfirmed = { type: 'actionhero-ws:session-bound', sid: message.data };
    worker.send(reply);
  });
}

/** Worker side: every new session id is known to the primary before the client learns it. */
export function bindSessionsBeforeHandshake(io: AppServer): void {
  const waiting = new Map<string, () => void>();
  process.on('message', (message: unknown) => {
    if (!isBindConfirmed(message)) return;
    waiting.get(message.sid)?.();
  });
  io.engine.generateId = () => {
    // 15 random bytes are 20 base64url characters: engine.io's own id length, and the form
    // @socket.io/sticky looks for in a URL.
    const sid = randomBytes(15).toString('base64url');
    return new Promise<string>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        waiting.delete(sid);
        resolve(sid);
      };
      const timer = setTimeout(done, CONFIRM_WAIT_MS);
      waiting.set(sid, done);
      const request: BindRequest = { type: 'sticky:connection', data: sid, confirm: true };
      process.send?.(request);
    });
  };
}
