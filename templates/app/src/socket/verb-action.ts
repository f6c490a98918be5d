// The `action` verb: {action: NAME, ...params} runs the named action for this connection.

import { runAction, type ActionOutcome } from '../core/run-action.js';
import { errors } from '../protocol/errors.js';
import { fail, ok } from '../protocol/reply.js';
import type { ActionContext } from '../core/action.js';
import { actionContext } from '../core/context.js';
import type { Connection } from './connection-state.js';

/** Built once per connection and reused by every action it runs. */
function contextOf(conn: Connection): ActionContext {
  const { state, socket } = conn;
  conn.actionContext ??= actionContext(
    state,
    { id: socket.id, remoteIP: socket.data.remoteIP, type: 'websocket' },
    socket,
  );
  return conn.actionContext;
}

type Result = Record<string, unknown>;

/**
 * What `detailsView` shows as the parameters of an action that had none: one shared object.
 * A connection keeps its last action's parameters, so a fresh empty object per request would be
 * held by a long-lived connection until its next request: with hundreds of connections, the
 * garbage collector copied and promoted hundreds of them on every collection.
 */
const NO_PARAMS = Object.freeze({}) as Record<string, unknown>;

function hasNone(params: Record<string, unknown>): boolean {
  for (const _ in params) return false;
  return true;
}

/** Synchronous when the action's run() is (see runAction): a promise only when one is needed. */
export function action(
  conn: Connection,
  payload: unknown,
  messageCount: number,
): Result | Promise<Result> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail(errors.payloadNotObject, messageCount);
  }
  const raw = payload as Record<string, unknown>;
  const name = Object.hasOwn(raw, 'action') ? raw.action : undefined;
  if (typeof name !== 'string') return fail(errors.actionNotString, messageCount);
  const loaded = conn.state.actions.get(name);
  if (loaded === undefined) return fail(errors.unknownAction(name), messageCount);

  const data = conn.socket.data;
  data.totalActions++;
  const outcome = runAction(loaded, raw, contextOf(conn), conn.state.log, false, conn.socket);
  if (outcome instanceof Promise) {
    return outcome.then((settled) => reply(conn, settled, messageCount));
  }
  return reply(conn, outcome, messageCount);
}

function reply(conn: Connection, outcome: ActionOutcome, messageCount: number): Result {
  conn.socket.data.params = hasNone(outcome.params) ? NO_PARAMS : outcome.params;
  return outcome.ok ? ok(outcome.result, messageCount) : fail(outcome.error, messageCount);
}
