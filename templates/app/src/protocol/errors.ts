// The protocol's error texts, in one place. Clients written for actionHero may match on them: keep them word for word.

export const errors = {
  unknownAction: (name: string) => `Error: ${name} is not a known action.`,
  requiredParam: (param: string) => `Error: ${param} is a required parameter for this action`,
  tooManyPending: 'you have too many pending requests',
  shuttingDown: 'the server is shutting down',
  unknownVerb: (verb: string) => `Error: verb not found or not allowed (${verb})`,
  internal: 'Error: The server experienced an internal error',
  payloadNotObject: 'Error: payload must be an object',
  actionNotString: 'Error: action must be a string naming an action',
  alreadyListening: 'you are already listening to this room',
  notListening: 'you are not listening to this room',
} as const;

/**
 * An error whose message is safe to show to the client (thrown by actions and the cache).
 * Any other error becomes `errors.internal`, with the details in the server log only.
 */
export class ActionError extends Error {
  constructor(
    message: string,
    /** HTTP status for /api requests. */
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'Error';
  }
}

/** The HTTP statuses a refusal may carry: not signed in, not allowed, too many requests. */
export type RefusalStatus = 401 | 403 | 429;

/**
 * A middleware's "no" (thrown by `refuse()` in src/core/middleware.ts): the client gets
 * `Error: MESSAGE`, over HTTP with the refusal's status (403 unless it says 401 or 429).
 */
export class Refusal extends ActionError {
  declare readonly httpStatus: RefusalStatus;

  constructor(
    message: string,
    httpStatus: RefusalStatus = 403,
    /** When asking again may succeed (ms): over HTTP, the `Retry-After` header (seconds). */
    readonly retryAfterMs?: number,
  ) {
    super(message, httpStatus);
  }
}
