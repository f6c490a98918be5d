// The server's logger (pino, JSON lines on stdout), at webSockets.logLevel, and the lines an
// operator reads: one per connection opened and closed, one per failed request.

import { pino, type Logger } from 'pino';
import type { Config } from './config/config-types.js';
import { errors } from './protocol/errors.js';

export function createLogger(config: Config): Logger {
  return pino({ level: config.webSockets.logLevel, base: { pid: process.pid } });
}

/** What a request came to: done, the client's mistake or a refusal (`error`), the server's `fault`. */
export type Outcome = 'ok' | 'error' | 'fault';

/** Client-chosen strings (an unknown action or verb name) are cut short: a log line stays small. */
const MAX_NAME = 100;

function short(value: string): string {
  return value.length > MAX_NAME ? `${value.slice(0, MAX_NAME)}…` : value;
}

/** A connection's identity in its lines: its id, where it comes from, and how. */
export interface ConnectionFields {
  id: string;
  address: string;
  transport: string;
}

export function logConnectionOpened(log: Logger, fields: ConnectionFields): void {
  log.info(fields, 'connection opened');
}

export function logConnectionClosed(
  log: Logger,
  fields: ConnectionFields,
  reason: string,
  openedAt: number,
): void {
  log.info({ ...fields, reason, durationMs: Date.now() - openedAt }, 'connection closed');
}

/** The error text of a reply that is the server's own fault, not the client's. */
const FAULT = errors.internal;

/**
 * One request's line: a success at debug, a client's error (or a refusal) at warn, the server's
 * fault at error. Never its params, body or tokens: the error text is the one the client was
 * sent. Positional, and the level is checked first, so a success with debug off costs one
 * comparison and builds nothing.
 * `id` is the connection's id (`http` for an /api request), `verb` the socket.io event or the
 * HTTP method, `started` the request's `performance.now()`, `status` the HTTP status (/api only),
 * `err` what the server threw (a fault's stack, for the operator only).
 */
export function logRequest(
  log: Logger,
  id: string,
  address: string,
  verb: string,
  action: string | undefined,
  started: number,
  error: string | undefined,
  status?: number,
  err?: unknown,
): void {
  if (error === undefined && !log.isLevelEnabled('debug')) return;
  const outcome: Outcome =
    error === undefined ? 'ok' : error === FAULT || status === 500 ? 'fault' : 'error';
  const line = {
    id,
    address,
    verb: short(verb),
    action: action === undefined ? undefined : short(action),
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    outcome,
    status,
    error: error === undefined ? undefined : short(error),
    err,
  };
  if (outcome === 'ok') log.debug(line, 'request');
  else if (outcome === 'error') log.warn(line, 'request failed');
  else log.error(line, 'request failed');
}

/** The action a socket.io `action` request names, if it names one. */
export function actionNameOf(event: unknown, payload: unknown): string | undefined {
  if (event !== 'action' || typeof payload !== 'object' || payload === null) return undefined;
  const name = (payload as Record<string, unknown>).action;
  return typeof name === 'string' ? name : undefined;
}
