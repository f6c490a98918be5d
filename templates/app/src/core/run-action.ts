// Runs one action: only declared inputs, required check, ajv validation, errors made safe for clients.

import type { ErrorObject } from 'ajv';
import type { Logger } from 'pino';
import { ActionError, errors } from '../protocol/errors.js';
import type { ActionContext, ActionDefinition } from './action.js';
import type { LoadedAction } from './registry.js';

export type ActionOutcome =
  | { ok: true; result: Record<string, unknown>; params: Record<string, unknown> }
  | { ok: false; error: string; httpStatus: number; params: Record<string, unknown> };

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
 * throughput in the benchmarks). `await` works on either result.
 */
export function runAction(
  action: LoadedAction,
  raw: Readonly<Record<string, unknown>>,
  ctx: ActionContext,
  log: Logger,
  coerce = false,
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
