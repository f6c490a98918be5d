// Runs one action: only declared inputs, required check, ajv validation, errors made safe for clients.

import type { ErrorObject } from 'ajv';
import type { Logger } from 'pino';
import { ActionError, errors } from '../protocol/errors.js';
import type { ActionContext } from './action.js';
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

export async function runAction(
  action: LoadedAction,
  raw: Readonly<Record<string, unknown>>,
  ctx: ActionContext,
  log: Logger,
  coerce = false,
): Promise<ActionOutcome> {
  const { params, error } = pickParams(action, raw, coerce);
  if (error !== undefined) return { ok: false, error, httpStatus: 422, params };
  try {
    const result = await action.definition.run(params, ctx);
    if (result === undefined) return { ok: true, result: {}, params };
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw new TypeError(`action ${action.definition.name} returned ${typeof result}, not an object`);
    }
    return { ok: true, result, params };
  } catch (err) {
    if (err instanceof ActionError) {
      return { ok: false, error: `Error: ${err.message}`, httpStatus: err.httpStatus, params };
    }
    log.error({ err, action: action.definition.name }, 'action failed');
    return { ok: false, error: errors.internal, httpStatus: 500, params };
  }
}
