// Runs middleware hooks in order, and tells a refusal from a failure, naming the middleware.

import type { Logger } from 'pino';
import { ActionError, Refusal, errors } from '../protocol/errors.js';

/** One middleware's hook, ready to call; `name` is the middleware's, for the log. */
export interface Hook<D> {
  readonly name: string;
  readonly run: (data: D) => unknown;
}

/** What a hook threw, or the reason its promise was rejected, with the middleware's name. */
export class HookFailure extends Error {
  constructor(
    readonly middleware: string,
    readonly error: unknown,
  ) {
    super(`middleware ${middleware} failed`);
  }
}

/**
 * Calls each hook with `data`, in order; true once all ran. With `stopOnFalse` (a chat `say`:
 * false keeps the message from that recipient) the first hook that returns false stops them, and
 * the result is false; other hooks' return values mean nothing. Synchronous while the hooks are:
 * a promise only from the first hook that returns one, so synchronous middleware cost no
 * microtask. Throws (or rejects with) a HookFailure.
 */
export function runHooks<D>(
  hooks: readonly Hook<D>[],
  data: D,
  stopOnFalse = false,
  from = 0,
): boolean | Promise<boolean> {
  for (let i = from; i < hooks.length; i++) {
    const hook = hooks[i] as Hook<D>;
    let returned: unknown;
    try {
      returned = hook.run(data);
    } catch (error) {
      throw new HookFailure(hook.name, error);
    }
    if (returned instanceof Promise) {
      const next = i + 1;
      return returned.then(
        (value: unknown) =>
          (value !== false || !stopOnFalse) && runHooks(hooks, data, stopOnFalse, next),
        (error: unknown) => {
          throw new HookFailure(hook.name, error);
        },
      );
    }
    if (returned === false && stopOnFalse) return false;
  }
  return true;
}

/** What a client is told: `Error: TEXT`, a status, and (a rate limit's) when to ask again. */
export interface ClientError {
  text: string;
  status: number;
  retryAfterMs?: number | undefined;
}

/** A refusal's text (`Error: TEXT`) and status, or undefined when `error` is no refusal. */
export function refusalOf(error: unknown): ClientError | undefined {
  const cause = error instanceof HookFailure ? error.error : error;
  if (!(cause instanceof ActionError)) return undefined;
  const retryAfterMs = cause instanceof Refusal ? cause.retryAfterMs : undefined;
  return { text: `Error: ${cause.message}`, status: cause.httpStatus, retryAfterMs };
}

/**
 * The text a client gets for a hook that threw: the refusal's, or the internal error (logged
 * with the middleware's name and `fields`, as the stack trace is not the client's business).
 */
export function clientError(
  log: Logger,
  error: unknown,
  fields: Record<string, unknown>,
): ClientError {
  const refusal = refusalOf(error);
  if (refusal !== undefined) return refusal;
  logFailure(log, error, fields);
  return { text: errors.internal, status: 500 };
}

/** Logs a failed hook (or anything else that failed) with the middleware's name when known. */
export function logFailure(log: Logger, error: unknown, fields: Record<string, unknown>): void {
  if (error instanceof HookFailure) {
    log.error(
      { err: error.error, middleware: error.middleware, ...fields },
      `middleware ${error.middleware} failed`,
    );
  } else {
    log.error({ err: error, ...fields }, 'request failed');
  }
}

/**
 * Runs hooks that are only told something (leave, destroy): a refusal means nothing there, and
 * a failure is logged; neither reaches the caller, and no promise is left unhandled.
 */
export function notifyHooks<D>(
  hooks: readonly Hook<D>[],
  data: D,
  log: Logger,
  fields: Record<string, unknown>,
): void {
  const failed = (error: unknown): void => {
    if (refusalOf(error) === undefined) logFailure(log, error, fields);
  };
  // Each hook is told even when an earlier one failed.
  for (const hook of hooks) {
    try {
      const returned = runHooks([hook], data);
      if (returned instanceof Promise) returned.catch(failed);
    } catch (error) {
      failed(error);
    }
  }
}

/**
 * `first()`, then `next()` once it is done, or `fail(error)` if it threw or rejected: without a
 * promise when `first` returned none.
 */
export function then<T>(
  first: () => boolean | Promise<boolean>,
  next: (passed: boolean) => T | Promise<T>,
  fail: (error: unknown) => T,
): T | Promise<T> {
  let returned: boolean | Promise<boolean>;
  try {
    returned = first();
  } catch (error) {
    return fail(error);
  }
  if (returned instanceof Promise) return returned.then(next, fail);
  return next(returned);
}
