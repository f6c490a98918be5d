// HTTP errors outside the actions (unknown paths, wrong methods, requests Node cannot parse): JSON
// like the /api errors, `{"error": "..."}`, with the right status.

import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { clientAddress } from '../core/context.js';

function errorBody(status: number, error?: string): string {
  return JSON.stringify({ error: error ?? `Error: ${STATUS_CODES[status] ?? 'error'}` });
}

/** Answers `status` with `{"error": ...}` (the status's own words unless `error` is given). */
export function answerError(res: ServerResponse, status: number, error?: string): void {
  if (res.headersSent) {
    // Too late for a status: the client sees the answer cut short, which it is.
    res.destroy();
    return;
  }
  const body = errorBody(status, error);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Node's own refusals, by its error code: headers too large, too slow, or not HTTP at all. */
function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  return 400;
}

type ClientErrorSocket = Duplex & {
  remoteAddress?: string;
  /** The response in progress on this socket, if any (Node's own field). */
  _httpMessage?: ServerResponse | null;
};

/**
 * The server's `clientError` listener: a request Node could not parse (or that came too slowly)
 * is the client's mistake, logged at warn with its address and Node's code (never its bytes),
 * and answered in JSON before the connection closes. A connection reset needs no answer.
 */
export function onClientError(log: Logger) {
  return (err: NodeJS.ErrnoException, socket: ClientErrorSocket): void => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusOf(err.code);
    log.warn(
      { address: clientAddress(socket.remoteAddress), code: err.code, status },
      'http request refused',
    );
    if (socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const body = errorBody(status);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  };
}
