// Checks engine.io applies to every request of a session, not only to its handshake.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppServer, AppSocket } from '../app-state.js';

type EngineSocket = AppSocket['conn'];
type Next = (err?: Error) => void;

function sessionId(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('sid');
}

/**
 * allowRequest only sees handshakes, so a page from a foreign origin could open a session the
 * allowed way and then upgrade it to a websocket (or keep polling) past the cors.origin
 * allow-list: the origin is checked again here, on every request of a session.
 * engine.io answers a polling POST over maxHttpBufferSize with 413 but keeps the session open,
 * where the websocket transport closes it: a client sending over-sized messages is cut off here
 * too, on either transport.
 */
export function guardEngine(io: AppServer, originAllowed: (req: IncomingMessage) => boolean): void {
  const sessions = new Map<string, EngineSocket>();
  io.engine.on('connection', (conn: EngineSocket) => {
    // The session id (private on the socket) is public on its transport.
    const sid = conn.transport.sid;
    sessions.set(sid, conn);
    conn.once('close', () => sessions.delete(sid));
  });
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: Next) => {
    // Handshakes (no sid) are left to allowRequest, which answers 403 `origin not allowed`.
    const sid = sessionId(req);
    if (sid === null) {
      next();
      return;
    }
    if (!originAllowed(req)) {
      next(new Error('origin not allowed'));
      return;
    }
    if (req.method === 'POST') {
      res.once('finish', () => {
        if (res.statusCode === 413) sessions.get(sid)?.close(true);
      });
    }
    next();
  });
}
