// Test helpers: start the app on port 0 with an in-test config, and connect real socket.io clients.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import { createApp, type App, type AppOptions } from '../src/app.js';
import { createConfigValidator, formatIssue } from '../src/config/config-validation.js';
import { schemaValidator } from '../src/config/schema-validator.js';
import type {
  ClientToServerEvents,
  Reply,
  ServerToClientEvents,
  WelcomeMessage,
} from '../src/protocol/events.js';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without the event contract, for sending what a well-behaved client would not. */
export type LooseClient = {
  emit(event: string, ...args: unknown[]): void;
  timeout(ms: number): LooseClient;
} & {
  emitWithAck(event: string, ...args: unknown[]): Promise<Reply>;
};

const validate = createConfigValidator(
  schemaValidator(readFileSync(new URL('../config/config.schema.json', import.meta.url), 'utf8')),
);

export interface TestServer {
  app: App;
  url: string;
  port: number;
  /** Closes every client made by connect() and the app. */
  close(): Promise<void>;
  /** Rejects with the client's `connect_error` when the server turns it away. */
  connect(options?: {
    transports?: ('websocket' | 'polling')[];
    /** The handshake's `auth` (what connection middleware read, as `handshake.auth`). */
    auth?: Record<string, unknown>;
  }): Promise<{ client: Client; welcome: WelcomeMessage }>;
}

let redisServers = 0;

/**
 * With REDIS_URL set (`REDIS_URL=redis://127.0.0.1:6379/0 npm test`) every test server runs on
 * the Redis adapter and cache, each under its own key prefix so tests do not hear each other.
 */
function redisOverride(): Record<string, unknown> {
  const url = process.env.REDIS_URL;
  if (!url) return {};
  redisServers += 1;
  return { redis: { enable: true, url, keyPrefix: `test:${process.pid}:${redisServers}:` } };
}

/**
 * `app` adds to createApp's options: `{ middleware: [...] }`, `{ actionsDir }`, or a `log` such
 * as capturedLog() makes.
 */
export async function startServer(
  overrides: Record<string, unknown> = {},
  shutdownTimeoutMs = 5000,
  app: AppOptions = {},
): Promise<TestServer> {
  // servers.web keeps what a test sets (trustedProxies), on a free loopback port.
  const web = (overrides.servers as { web?: Record<string, unknown> } | undefined)?.web;
  const result = validate({
    ...redisOverride(),
    ...overrides,
    servers: { web: { ...web, port: 0, bindIP: '127.0.0.1' } },
  });
  if (!result.ok || result.config === undefined) {
    throw new Error(result.errors.map(formatIssue).join('\n'));
  }
  const server = createServer();
  const created = await createApp(server, result.config, {
    log: pino({ level: 'silent' }),
    shutdownTimeoutMs,
    drainMs: 0, // closing stays fast; health.test.ts asks for a drain where it tests one
    ...app,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const clients: Client[] = [];
  return {
    app: created,
    url,
    port,
    async close() {
      for (const client of clients) client.close();
      await created.close();
    },
    connect(options = {}) {
      const client: Client = connectClient(url, {
        transports: options.transports ?? ['websocket'],
        reconnection: false,
        forceNew: true,
        ...(options.auth === undefined ? {} : { auth: options.auth }),
      });
      clients.push(client);
      return within(
        5000,
        'welcome',
        new Promise((resolve, reject) => {
          client.once('welcome', (welcome) => resolve({ client, welcome }));
          client.once('connect_error', reject);
        }),
      );
    },
  };
}

/** A logger that keeps every line (as parsed JSON), to check what the server logged. */
export function capturedLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines };
}

/** Rejects when `promise` takes longer than `ms`: every wait in these tests is bounded. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function loose(client: Client): LooseClient {
  return client as unknown as LooseClient;
}

/** Sends `event` with an acknowledgement and waits (bounded) for the reply. */
export function ask(client: Client, event: string, ...args: unknown[]): Promise<Reply> {
  return loose(client)
    .timeout(5000)
    .emitWithAck(event, ...args);
}

/** The next `event` the client receives. */
export function next<E extends keyof ServerToClientEvents>(
  client: Client,
  event: E,
  ms = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return within(
    ms,
    event,
    new Promise((resolve) => {
      const handler = (value: Parameters<ServerToClientEvents[E]>[0]) => resolve(value);
      (client as unknown as { once(e: string, h: typeof handler): void }).once(event, handler);
    }),
  );
}

/** Collects every `say` a client receives, to check later what did and did not arrive. */
export function collectSays(client: Client): { message: string; room: string; from: string }[] {
  const says: { message: string; room: string; from: string }[] = [];
  client.on('say', (m) => says.push(m));
  return says;
}

/**
 * Says `marker` (a made-up one unless given) from `sender` in its room and waits until `listener`
 * hears it: everything sent to `listener` before it has arrived too (socket.io keeps a
 * connection's order), so what `listener` has collected by then is all it ever got.
 */
export async function flush(
  sender: Client,
  listener: Client,
  marker = `marker ${Math.random()}`,
): Promise<void> {
  const heard = within(
    5000,
    marker,
    new Promise<void>((resolve) => {
      const onSay = (said: { message: string }) => {
        if (said.message !== marker) return;
        listener.off('say', onSay);
        resolve();
      };
      listener.on('say', onSay);
    }),
  );
  assert.equal((await ask(sender, 'say', { message: marker })).status, 'OK');
  await heard;
}

/** A raw HTTP GET (the path is sent exactly as given, `..` and all). */
export function rawGet(
  port: number,
  path: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return within(
    5000,
    `GET ${path.slice(0, 50)}`,
    new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    }),
  );
}

/** A token without a signature (`alg: none`) carrying `claims`, valid for an hour: every server must refuse it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iat: now, exp: now + 3600, ...claims })}.`;
}
