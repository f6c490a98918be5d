// /api/NAME: the same actions over HTTP (GET query or POST body), with server and requestor information.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppState } from '../app-state.js';
import { requestDone } from '../app-state.js';
import type { Requester } from '../core/action.js';
import { actionContext } from '../core/context.js';
import { runAction, type ActionOutcome } from '../core/run-action.js';
import { ActionError, errors } from '../protocol/errors.js';
import { readBody } from './body.js';
import { requestAddress } from './client-address.js';
import { httpUser } from '../auth/tokens.js';
import { logRequest } from '../log.js';

function respond(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** Query parameters plus body fields; own properties only, so `__proto__` stays a plain key. */
function merge(query: string, body: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = Object.fromEntries(new URLSearchParams(query));
  for (const key of Object.keys(body)) {
    Object.defineProperty(raw, key, {
      value: body[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return raw;
}

async function outcomeOf(
  state: AppState,
  req: IncomingMessage,
  requester: Requester,
  name: string,
  query: string,
): Promise<ActionOutcome> {
  const loaded = state.actions.get(name);
  if (loaded === undefined) {
    return { ok: false, error: errors.unknownAction(name), httpStatus: 404, params: {} };
  }
  const isPost = req.method === 'POST';
  const raw = merge(query, isPost ? await readBody(req) : {});
  const ctx = actionContext(state, requester);
  // Sign-in (auth.mode jwt) checks the Authorization header of every request; mode none skips it.
  if (state.verifyToken !== undefined) {
    const user = await httpUser(state.verifyToken, state.config.auth.required, req);
    if (user !== undefined) ctx.user = user;
  }
  return runAction(loaded, raw, ctx, state.log, !isPost, req);
}

export async function handleApi(
  state: AppState,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  query: string,
) {
  const started = Date.now();
  const startedPrecise = performance.now();
  // Read now: once a request is refused (a body too large), Node may already have let its socket go.
  const requester: Requester = {
    id: 'http',
    remoteIP: requestAddress(req, state.config.servers.web.trustedProxies),
    type: 'web',
  };
  const method = req.method ?? '';
  const logAs = (status: number, error: string | undefined, err?: unknown): void =>
    logRequest(
      state.log,
      requester.id,
      requester.remoteIP,
      method,
      name,
      startedPrecise,
      error,
      status,
      err,
    );
  if (method !== 'GET' && method !== 'POST') {
    const error = `Error: method must be GET or POST (got ${method})`;
    res.setHeader('allow', 'GET, POST');
    respond(res, 405, { error });
    logAs(405, error);
    return;
  }
  if (state.shuttingDown) {
    respond(res, 503, { error: errors.shuttingDown });
    logAs(503, errors.shuttingDown);
    return;
  }
  state.inFlight++;
  let outcome: ActionOutcome;
  let fault: unknown;
  try {
    outcome = await outcomeOf(state, req, requester, name, query);
  } catch (err) {
    if (err instanceof ActionError) {
      outcome = {
        ok: false,
        error: `Error: ${err.message}`,
        httpStatus: err.httpStatus,
        params: {},
      };
    } else {
      fault = err;
      outcome = { ok: false, error: errors.internal, httpStatus: 500, params: {} };
    }
  } finally {
    requestDone(state);
  }
  const body: Record<string, unknown> = outcome.ok ? outcome.result : { error: outcome.error };
  body.serverInformation = {
    serverName: state.config.general.serverName,
    apiVersion: '1',
    requestDuration: Date.now() - started,
    currentTime: Date.now(),
  };
  body.requestorInformation = {
    id: requester.id,
    remoteIP: requester.remoteIP,
    receivedParams: outcome.params,
  };
  // A rate limit's refusal (429) says when to come back, in whole seconds.
  if (!outcome.ok && outcome.retryAfterMs !== undefined) {
    res.setHeader('retry-after', Math.ceil(outcome.retryAfterMs / 1000));
  }
  const status = outcome.ok ? 200 : outcome.httpStatus;
  respond(res, status, body);
  state.metrics?.httpAction(body, name, (performance.now() - startedPrecise) / 1000);
  logAs(status, outcome.ok ? undefined : outcome.error, fault);
}
