// Runs one action: its middleware, only declared inputs, required check, ajv validation, errors
// made safe for clients.

import type { IncomingMessage } from 'node:http';
import type { ErrorObject } from 'ajv';
import type { Logger } from 'pino';
import { ActionError, errors } from '../protocol/errors.js';
import type { ActionContext, ActionDefinition } from './action.js';
import { RequestContext } from './context.js';
import { clientError, runHooks } from './hooks.js';
import type { ActionData, MiddlewareConnection } from './middleware.js';
import type { LoadedAction } from './registry.js';

export type ActionOutcome =
  | { ok: true; result: Record<string, unknown>; params: Record<string, unknown> }
  | {
      ok: false;
      error: string;
      httpStatus: number;
      params: Record<string, unknown>;
      /** A rate limit's refusal: when asking again may succeed (HTTP `Retry-After`). */
      retryAfterMs?: number | undefined;
    };

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return 'Error: invalid parameters';
  const field = error.instancePath.slice(1).replaceAll('/', '.');
  return `Error: ${field === '' ? 'params' : field} ${error.message ?? 'is invalid'}`;
}

/** Copies the declared inputs out of `raw` (own properties only) and validates them. */
export function pickParams(
  action: LoadedAction,
  raw: Readonly<Record<string, unknown>>,
  coerce: boolean,
): { params: Record<string, unknown>; error?: string } {
  const params: Record<string, unknown> = {};
  // Nothing declared, nothing copied: an empty object always passes its (empty) schema.
  if (action.inputNames.length === 0) return { params };
  for (const name of action.inputNames) {
    if (Object.hasOwn(raw, name) && raw[name] !== undefined) params[name] = raw[name];
  }
  for (const name of action.requiredNames) {
    if (isMissing(params[name])) return { params, error: errors.requiredParam(name) };
  }
  const validate = coerce ? action.validateCoercing : action.validate;
  if (!validate(params)) return { params, error: describe(validate.errors?.[0]) };
  return { params };
}

/**
 * Runs an action. A `run` that returns a plain object is answered synchronously: no promise and
 * no microtask hop per request on the hot path (that hop alone cost ~10% of bare socket.io's
 * throughput in the benchmarks). `await` works on either result. An action without middleware
 * takes exactly that path; synchronous middleware keep it synchronous.
 * `from` is the socket.io connection, or the HTTP request, that asked (for middleware).
 */
export function runAction(
  action: LoadedAction,
  raw: Readonly<Record<string, unknown>>,
  ctx: ActionContext,
  log: Logger,
  coerce = false,
  from?: MiddlewareConnection | IncomingMessage,
): ActionOutcome | Promise<ActionOutcome> {
  if (action.preProcessors.length === 0 && action.postProcessors.length === 0) {
    return runBare(action, raw, ctx, log, coerce);
  }
  return runWithMiddleware(action, raw, ctx, log, coerce, from);
}

function runBare(
  action: LoadedAction,
  raw: Readonly<Record<string, unknown>>,
  ctx: ActionContext,
  log: Logger,
  coerce: boolean,
): ActionOutcome | Promise<ActionOutcome> {
  let picked: ReturnType<typeof pickParams>;
  try {
    picked = pickParams(action, raw, coerce);
  } catch (err) {
    // The input validators are compiled on an action's first call (see registry.ts): a schema
    // ajv cannot compile is logged and answered as an internal error, not a crash.
    return failed(action, err, {}, log);
  }
  const { params, error } = picked;
  if (error !== undefined) return { ok: false, error, httpStatus: 422, params };
  let returned: ReturnType<ActionDefinition['run']>;
  try {
    returned = action.definition.run(params, ctx);
  } catch (err) {
    return failed(action, err, params, log);
  }
  if (returned instanceof Promise) {
    return returned.then(
      (result: unknown) => succeeded(action, result, params, log),
      (err: unknown) => failed(action, err, params, log),
    );
  }
  return succeeded(action, returned, params, log);
}

function succeeded(
  action: LoadedAction,
  result: unknown,
  params: Record<string, unknown>,
  log: Logger,
): ActionOutcome {
  if (result === undefined) return { ok: true, result: {}, params };
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    const err = new TypeError(
      `action ${action.definition.name} returned ${typeof result}, not an object`,
    );
    return failed(action, err, params, log);
  }
  return { ok: true, result: result as Record<string, unknown>, params };
}

function failed(
  action: LoadedAction,
  err: unknown,
  params: Record<string, unknown>,
  log: Logger,
): ActionOutcome {
  if (err instanceof ActionError) {
    return { ok: false, error: `Error: ${err.message}`, httpStatus: err.httpStatus, params };
  }
  log.error({ err, action: action.definition.name }, 'action failed');
  return { ok: false, error: errors.internal, httpStatus: 500, params };
}

/**
 * preProcessors (in order; a refusal or failure stops the request), then the action as runBare
 * runs it, then postProcessors on a success. Each request gets its own context (RequestContext):
 * `locals` start empty, the rest (`user` included) is the given context's. Synchronous hooks
 * keep the request synchronous, as in runBare.
 */
function runWithMiddleware(
  action: LoadedAction,
  raw: Readonly<Record<string, unknown>>,
  shared: ActionContext,
  log: Logger,
  coerce: boolean,
  from: MiddlewareConnection | IncomingMessage | undefined,
): ActionOutcome | Promise<ActionOutcome> {
  const web = shared.requester.type === 'web';
  const data: ActionData = {
    action: action.definition.name,
    definition: action.definition,
    params: { ...raw },
    ctx: new RequestContext(shared),
    response: {},
    connection: web ? undefined : (from as MiddlewareConnection | undefined),
    request: web ? (from as IncomingMessage | undefined) : undefined,
  };
  let passed: boolean | Promise<boolean>;
  try {
    passed = runHooks(action.preProcessors, data);
  } catch (error) {
    return middlewareFailed(action, error, {}, log);
  }
  if (passed instanceof Promise) {
    return passed.then(
      () => runThenPostProcess(action, data, log, coerce),
      (error: unknown) => middlewareFailed(action, error, {}, log),
    );
  }
  return runThenPostProcess(action, data, log, coerce);
}

function runThenPostProcess(
  action: LoadedAction,
  data: ActionData,
  log: Logger,
  coerce: boolean,
): ActionOutcome | Promise<ActionOutcome> {
  const outcome = runBare(action, data.params, data.ctx, log, coerce);
  if (outcome instanceof Promise) return outcome.then((o) => postProcess(action, data, o, log));
  return postProcess(action, data, outcome, log);
}

function postProcess(
  action: LoadedAction,
  data: ActionData,
  outcome: ActionOutcome,
  log: Logger,
): ActionOutcome | Promise<ActionOutcome> {
  if (!outcome.ok || action.postProcessors.length === 0) return outcome;
  const { params } = outcome;
  data.params = params;
  data.response = outcome.result;
  let passed: boolean | Promise<boolean>;
  try {
    passed = runHooks(action.postProcessors, data);
  } catch (error) {
    return middlewareFailed(action, error, params, log);
  }
  if (passed instanceof Promise) {
    return passed.then(
      () => finished(action, data, params, log),
      (error: unknown) => middlewareFailed(action, error, params, log),
    );
  }
  return finished(action, data, params, log);
}

/** The answer the postProcessors left, which must still be an object. */
function finished(
  action: LoadedAction,
  data: ActionData,
  params: Record<string, unknown>,
  log: Logger,
): ActionOutcome {
  const result: unknown = data.response;
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    return { ok: true, result: result as Record<string, unknown>, params };
  }
  const err = new TypeError(`a postProcessor left a response that is ${typeof result}`);
  return middlewareFailed(action, err, params, log);
}

/** A refusal's text and status, or (logged with the middleware's name) the internal error. */
function middlewareFailed(
  action: LoadedAction,
  error: unknown,
  params: Record<string, unknown>,
  log: Logger,
): ActionOutcome {
  const { text, status, retryAfterMs } = clientError(log, error, {
    action: action.definition.name,
  });
  return { ok: false, error: text, httpStatus: status, params, retryAfterMs };
}
