// How start:cluster's primary hands connections to workers, in place of @socket.io/sticky's
// setupPrimary (the workers keep its setupWorker, and the same IPC messages).
//
// A socket.io session lives in one worker, so a request naming a session (`sid=` in its
// target) must reach that worker; anything else goes round-robin. sticky's primary decides on the
// first TCP packet it reads: when a request's line and headers came in several packets (a slow
// link, a proxy that writes as it reads), the session id could be cut or missing, the request
// went round-robin, and half the time it was answered 400 "Session ID unknown". Here the primary
// waits for the whole head of the first request (bounded in size and time, like Node's own
// limits), reads the session id from the request target only (a `sid=` in a Referer or a cookie
// routes nothing), then hands the connection and the bytes read so far to the worker.
//
// A connection goes to one worker as a whole: requests pipelined on it are all answered by that
// worker (answerPipelinedRequests below).

import cluster, { type Worker } from 'node:cluster';
import { maxHeaderSize, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const HEAD_END = Buffer.from('\r\n\r\n');

/** What a worker's setupWorker (@socket.io/sticky) reads: a connection and its first bytes. */
interface Handover {
  type: 'sticky:connection';
  data: Buffer;
}

function refuse(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.once('finish', () => socket.destroy());
}

/** The session id in a request's target (`GET /socket.io/?EIO=4&sid=ID HTTP/1.1`), if any. */
function sessionOf(head: Buffer): string | null {
  const lineEnd = head.indexOf('\r\n');
  const target = head.subarray(0, lineEnd < 0 ? head.length : lineEnd).toString('latin1');
  const path = target.split(' ')[1] ?? '';
  const query = path.indexOf('?');
  if (query < 0) return null;
  return new URLSearchParams(path.slice(query + 1)).get('sid');
}

/**
 * Stops reading from the connection before its handle travels to a worker: what the kernel still
 * holds then goes with the handle. A paused stream alone would keep reading into its own buffer
 * (until the handle leaves, which waits while an earlier handle is in flight), and those bytes
 * would be lost to the worker. Node has no public call for this; `_handle` is its TCP handle.
 */
function stopReading(socket: Socket): void {
  socket.pause();
  const handle = (socket as unknown as { _handle?: { reading: boolean; readStop(): number } })
    ._handle;
  if (handle?.reading) {
    handle.reading = false;
    handle.readStop();
  }
}

/** Primary side: routes every connection of `server` (a plain TCP server) to a worker. */
export function routeConnections(server: Server, headersTimeoutMs: number): void {
  const sessions = new Map<string, number>();
  let next = 0;

  cluster.on('message', (worker: Worker, message: { type?: unknown; data?: unknown }) => {
    if (typeof message?.data !== 'string') return;
    if (message.type === 'sticky:connection') sessions.set(message.data, worker.id);
    else if (message.type === 'sticky:disconnection') sessions.delete(message.data);
  });
  cluster.on('exit', (worker) => {
    for (const [sid, id] of sessions) if (id === worker.id) sessions.delete(sid);
  });

  const workerFor = (head: Buffer): Worker | undefined => {
    const sid = sessionOf(head);
    const owner = sid === null ? undefined : sessions.get(sid);
    if (owner !== undefined && cluster.workers?.[owner]) return cluster.workers[owner];
    const ids = Object.keys(cluster.workers ?? {});
    if (ids.length === 0) return undefined;
    const id = ids[next++ % ids.length] ?? '';
    return cluster.workers?.[id];
  };

  server.on('connection', (socket: Socket) => {
    const chunks: Buffer[] = [];
    let length = 0;
    // The last bytes seen: the blank line that ends the head may straddle two packets.
    let tail = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    const timer = setTimeout(() => refuse(socket, '408 Request Timeout'), headersTimeoutMs);
    timer.unref();
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      // Only the new bytes are searched, so a head sent a byte at a time costs no more.
      const probe = Buffer.concat([tail, chunk]);
      if (probe.indexOf(HEAD_END) < 0) {
        tail = probe.subarray(-(HEAD_END.length - 1));
        if (length > maxHeaderSize) {
          stop();
          refuse(socket, '431 Request Header Fields Too Large');
        }
        return;
      }
      stop();
      stopReading(socket);
      const received = Buffer.concat(chunks);
      const worker = workerFor(received);
      if (worker === undefined) {
        refuse(socket, '503 Service Unavailable');
        return;
      }
      const handover: Handover = { type: 'sticky:connection', data: received };
      worker.send(handover, socket, (err: Error | null) => {
        if (err) socket.destroy();
      });
    };
    const stop = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
    };
    socket.on('data', onData);
    socket.once('close', () => clearTimeout(timer));
  });
}

/**
 * Worker side, after setupWorker: @socket.io/sticky closes the connection after every response
 * (`Connection: close`), so that it is never reused for a session another worker holds. Node
 * then drops requests the client had already pipelined behind the first. When a request arrives
 * while the one before it on the connection has not begun its answer, that earlier answer keeps
 * the connection open: every request the client sent is answered, and the last one closes it.
 */
export function answerPipelinedRequests(server: HttpServer): void {
  const latest = new WeakMap<Duplex, ServerResponse>();
  server.prependListener('request', (req, res) => {
    const previous = latest.get(req.socket);
    if (previous !== undefined && !previous.headersSent) previous.removeHeader('connection');
    latest.set(req.socket, res);
  });
}
