// The admin view's sign-in sessions: after a correct password the UI keeps a session id and
// reconnects with it. admin-ui's own in-memory store keeps every id for the life of the process;
// this one lets them expire and holds a bounded number.

const SESSION_MS = 24 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

/** What @socket.io/admin-ui asks of its `store` option. */
export interface SessionStore {
  doesSessionExist(sessionId: string): Promise<boolean>;
  saveSession(sessionId: string): void;
  /** Whether `sessionId` is a live session, without waiting (for the first-handshake check). */
  has(sessionId: unknown): boolean;
}

export function createSessionStore(now: () => number = Date.now): SessionStore {
  // Insertion order is age order: the first entry is the oldest.
  const expiries = new Map<string, number>();
  const has = (sessionId: unknown): boolean => {
    if (typeof sessionId !== 'string') return false;
    const expiry = expiries.get(sessionId);
    if (expiry === undefined) return false;
    if (expiry > now()) return true;
    expiries.delete(sessionId);
    return false;
  };
  return {
    has,
    doesSessionExist: (sessionId) => Promise.resolve(has(sessionId)),
    saveSession(sessionId) {
      if (expiries.size >= MAX_SESSIONS) {
        const oldest = expiries.keys().next();
        if (oldest.done !== true) expiries.delete(oldest.value);
      }
      expiries.set(sessionId, now() + SESSION_MS);
    },
  };
}
