// What an action file exports, and the context its run() receives.

import type { Logger } from 'pino';
import type { Config } from '../config/config-types.js';
import type { Cache } from '../cache/cache.js';
import type { User } from '../protocol/events.js';

export type { User };

/** A JSON schema for one input (ajv, draft-07): `{ type: 'string', maxLength: 200 }`. */
export type InputSchema = Readonly<Record<string, unknown>>;

export interface InputDefinition {
  /** A missing required input is refused with `Error: NAME is a required parameter for this action`. */
  required?: boolean;
  description?: string;
  /** Validated by ajv before run() is called; omit to accept any JSON value. */
  schema?: InputSchema;
}

/** Who sent the request. */
export interface Requester {
  /** The socket.io connection id, or `http` for /api requests. */
  id: string;
  remoteIP: string;
  type: 'websocket' | 'web';
}

/**
 * What a request's middleware leave for the action in `ctx.locals`. Give it typed fields by
 * augmenting it: `declare module '../core/action.js' { interface ActionLocals { tenant: string } }`.
 */
export interface ActionLocals {
  [key: string]: unknown;
}

export interface ActionContext {
  config: Config;
  cache: Cache;
  log: Logger;
  requester: Requester;
  /** Every loaded action, sorted by name (for actionsView). */
  actions: readonly ActionDefinition[];
  /**
   * Who is asking, once a middleware has said so. Over socket.io this is the connection's user
   * (`connection.data.user`): setting it holds for the connection's later requests too. Over
   * HTTP it holds for this request only.
   */
  user?: User;
  /** Left by this request's middleware (src/middleware/); empty, and frozen, when none ran. */
  locals: ActionLocals;
}

export interface ActionDefinition<P = Record<string, unknown>> {
  name: string;
  description: string;
  inputs: { readonly [K in keyof P]-?: InputDefinition };
  /**
   * Action middleware (src/middleware/) to run for this action, by name, besides the global ones.
   * A name no action middleware has stops the server at start-up.
   */
  middleware?: readonly string[];
  /** Return a fresh object: the server adds `context`, `messageCount` and `status` to it. */
  run(params: P, ctx: ActionContext): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/**
 * Declares an action with typed params: `export default defineAction<{ key: string }>({ ... })`.
 * Only declared inputs reach run(), already validated against their schemas.
 */
export function defineAction<P = Record<string, never>>(
  definition: ActionDefinition<P>,
): ActionDefinition {
  return definition as unknown as ActionDefinition;
}

export function isActionDefinition(value: unknown): value is ActionDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ActionDefinition>;
  return (
    typeof v.name === 'string' &&
    typeof v.run === 'function' &&
    typeof v.inputs === 'object' &&
    v.inputs !== null
  );
}
