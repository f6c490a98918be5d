// Raw engine.io/socket.io clients over `ws` (frames a well-behaved client never sends, and lean
// clients for load), plus what "alive" means for a booted server: its process has not exited
// and a new socket.io client connects and runs an action. Loopback only; every wait is bounded.
import { readFileSync, readdirSync } from 'node:fs';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

export interface RawClient {
  ws: WebSocket;
  /** Every text frame received, in order (binary frames as `<binary>`), unless `record: false`. */
  frames: string[];
  send(frame: string | Buffer): void;
  /** Resolves with the first frame matching `test`; rejects after `ms` or on close. */
  frame(test: (frame: string) => boolean, ms?: number): Promise<string>;
  /** Resolves true once the server closed the connection, false if still open after `ms`. */
  closed(ms?: number): Promise<boolean>;
  terminate(): void;
}

export interface RawOptions {
  origin?: string;
  /** Wait for the socket.io connect (`40{sid}`) and the `welcome` event (default true). */
  join?: boolean;
  timeoutMs?: number;
  /** Keep every frame in `frames` (default true); load tests turn it off to stay lean. */
  record?: boolean;
}

export function socketUrl(httpUrl: string, query = ''): string {
  return `${httpUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket${query}`;
}

/** Opens a raw engine.io websocket; by default joins the main namespace and waits for `welcome`. */
export async function rawClient(httpUrl: string, options: RawOptions = {}): Promise<RawClient> {
  const ms = options.timeoutMs ?? 10_000;
  const ws = new WebSocket(socketUrl(httpUrl), {
    origin: options.origin,
    rejectUnauthorized: false,
    handshakeTimeout: ms,
  });
  const frames: string[] = [];
  const record = options.record ?? true;
  // Waiters see each new frame once (a rescan of every frame per message would be quadratic).
  const waiters = new Set<(frame: string | null) => void>();
  let isClosed = false;
  ws.on('message', (data, isBinary) => {
    // With ws's default binaryType ('nodebuffer') every message arrives as one Buffer.
    const text = isBinary || !Buffer.isBuffer(data) ? '<binary>' : data.toString();
    // Answer engine.io pings so a long test is never cut off for a missing pong.
    if (text === '2') ws.send('3');
    if (record) frames.push(text);
    for (const wake of waiters) wake(text);
  });
  ws.on('close', () => {
    isClosed = true;
    for (const wake of waiters) wake(null);
  });
  ws.on('error', () => undefined);

  const wait = (
    done: (frame: string | null) => boolean,
    what: string,
    limit: number,
  ): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (frame: string | null): void => {
        if (done(frame)) finish(resolve);
        else if (isClosed) finish(() => reject(new Error(`closed while waiting for ${what}`)));
      };
      const finish = (end: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        end();
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${what} within ${limit} ms`))),
        limit,
      );
      waiters.add(check);
      check(null);
    });

  const client: RawClient = {
    ws,
    frames,
    send: (frame) => ws.send(frame),
    async frame(test, limit = ms) {
      const seen = frames.find(test);
      if (seen !== undefined) return seen;
      let found = '';
      const matches = (frame: string | null): boolean => {
        if (frame === null || !test(frame)) return false;
        found = frame;
        return true;
      };
      await wait(matches, 'matching frame', limit);
      return found;
    },
    async closed(limit = 5_000) {
      try {
        await wait(() => false, 'close', limit);
      } catch {
        return isClosed;
      }
      return isClosed;
    },
    terminate: () => ws.terminate(),
  };

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('websocket did not open')), ms);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  if (options.join ?? true) {
    // Frames for the namespace sent before its connect is acknowledged are a protocol error of
    // their own, so abuse is only sent once the connection is fully established.
    ws.send('40');
    await client.frame((f) => f.startsWith('42["welcome"'));
  }
  return client;
}

/** The server's pid, from its own `status` action (the process tests talk to). */
export async function serverPid(url: string): Promise<number> {
  const reply = await runStatus(url);
  if (typeof reply.pid !== 'number') throw new Error('status did not report a pid');
  return reply.pid;
}

/** Resident memory of a process in bytes, from /proc/PID/status. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Open file descriptors of a process: sockets, timers' handles' files and all. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A fresh socket.io client: connect, run `status` with an acknowledgement, disconnect. */
export async function runStatus(url: string): Promise<Record<string, unknown>> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    rejectUnauthorized: false,
    timeout: 10_000,
  });
  try {
    const reply = (await socket.timeout(10_000).emitWithAck('action', { action: 'status' })) as {
      status?: string;
      [key: string]: unknown;
    };
    if (reply.status !== 'OK') throw new Error(`status answered ${JSON.stringify(reply)}`);
    return reply;
  } finally {
    socket.close();
  }
}

/** "Alive": the process has not exited, and a new client connects and runs an action. */
export async function assertAlive(url: string, pid: number): Promise<void> {
  if (!processRunning(pid)) throw new Error(`the server process ${pid} exited`);
  const reply = await runStatus(url);
  if (reply.pid !== pid) throw new Error(`a different process answered: ${String(reply.pid)}`);
}
