// The socket.io 0.9 / old actionHero keys that have no place in today's config, each with the
// reason printed when `yo actionhero-ws:config --from` drops it. Pure data.

/** socket.io 0.9 settings and options (io.enable / io.set) that socket.io 4 has no use for. */
export const DROPPED_SOCKET_KEYS: Readonly<Record<string, string>> = {
  'browser client minification':
    'socket.io 4 always serves a minified file with an ETag and negotiated compression',
  'browser client etag':
    'socket.io 4 always serves a minified file with an ETag and negotiated compression',
  'browser client gzip':
    'socket.io 4 always serves a minified file with an ETag and negotiated compression',
  'browser client cache': 'no socket.io 4 option (the client file is served with an ETag)',
  'browser client expires': 'no socket.io 4 option (the client file is served with an ETag)',
  'browser client handler': 'no socket.io 4 option (serveClient serves the bundled client)',
  'close timeout':
    'socket.io 4 closes a silent connection after pingInterval + pingTimeout; set those instead',
  'polling duration':
    'socket.io 4 holds a polling request until there is data or the next ping (pingInterval)',
  heartbeats: 'socket.io 4 always sends heartbeats (pingInterval / pingTimeout)',
  'flash policy server': 'Flash sockets were removed from socket.io',
  'flash policy port': 'Flash sockets were removed from socket.io',
  blacklist: 'socket.io 4 has no event blacklist; clients reach only the verbs the server declares',
  'match origin protocol': 'cors.origin compares whole origins, protocol included',
  'client store expiration':
    'socket.io 4 keeps no client store (connectionStateRecovery covers short disconnections)',
  log: 'logging is always on; webSockets.logLevel sets how much',
  'log colors': 'the server writes JSON log lines (pino); pipe them through pino-pretty for colour',
  logger: 'a logger object cannot live in a JSON config; the server uses its own (pino)',
  authorization:
    'socket.io 4 authorizes with a middleware (io.use in src/app.ts), not a config function',
  store: 'the Redis adapter replaces it: set redis.enable (yo actionhero-ws:config --redis)',
};

/** Transports socket.io 4 still speaks, by their 0.9 name. */
export const TRANSPORTS: Readonly<Record<string, string>> = {
  websocket: 'websocket',
  polling: 'polling',
  'xhr-polling': 'polling',
  'jsonp-polling': 'polling',
};

/** Transports removed from socket.io, with the reason. */
export const DROPPED_TRANSPORTS: Readonly<Record<string, string>> = {
  htmlfile: 'removed from socket.io (old Internet Explorer streaming)',
  flashsocket: 'removed from socket.io (Flash sockets)',
};

/** socket.io 0.9 `log level` 0–3, by number. */
export const LOG_LEVELS: readonly string[] = ['error', 'warn', 'info', 'debug'];

/** socket.io 0.9 defaults the conversions need when only one of a pair is given (seconds). */
export const LEGACY_HEARTBEAT_INTERVAL_S = 25;

/** Keys of the old actionHero `general` block with a reason they are not carried over. */
export const DROPPED_GENERAL_KEYS: Readonly<Record<string, string>> = {
  apiVersion: 'actionhero-ws has no API versions; status reports the package version',
  workers: 'run several processes with `npm run start:cluster` (needs Redis)',
  developmentMode: 'use `npm run dev`, which restarts on change',
  flatFileDirectory: 'static files are always served from public/',
  defaultLimit: 'not an actionhero-ws setting (paging belongs in your actions)',
  defaultOffset: 'not an actionhero-ws setting (paging belongs in your actions)',
  pidFileDirectory: 'actionhero-ws writes no pid files',
  cachePath: 'the cache lives in memory or in Redis (redis.enable)',
};

/** Keys of the old http server block with a reason they are not carried over. */
export const DROPPED_WEB_KEYS: Readonly<Record<string, string>> = {
  enable: 'the HTTP server is always on: socket.io and /api/NAME run on it',
  returnErrorCodes: 'HTTP actions always answer 404 / 422 / 500 with an error',
  flatFileDirectory: 'static files are always served from public/',
  directoryFileType: '`/` always serves public/index.html',
  urlPathForActions: 'actions always answer at /api/NAME',
  urlPathForFiles: 'static files are always served under /public/',
  rootEndpointType: '`/` always serves public/index.html',
  fingerprintOptions: 'not an actionhero-ws setting',
  serverOptions: 'TLS files are set with keyFile and certFile (file contents cannot live in JSON)',
};

/** A table's own entry for a key read from a user's file: `toString` or `constructor` finds none. */
export function entryOf<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
