// createApp(server, config): socket.io, the Redis adapter (when enabled), verbs, HTTP actions and static files.

import cluster from 'node:cluster';
import type { Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from './config/config-types.js';
import type { AppServer, AppState } from './app-state.js';
import { MemoryCache } from './cache/memory.js';
import type { Cache } from './cache/cache.js';
import type { AppContext, Middleware } from './core/middleware.js';
import {
  bindActionMiddleware,
  loadMiddleware,
  middlewareSet,
  type MiddlewareSet,
} from './core/middleware-registry.js';
import { loadActions, type ActionRegistry } from './core/registry.js';
import { createRouter } from './http/router.js';
import { onClientError } from './http/http-errors.js';
import { checkTrustedProxies } from './http/client-address.js';
import type { Metrics } from './metrics/metrics.js';
import type { TokenVerifier } from './auth/tokens.js';
import { projectRoot } from './config/load.js';
import { checkDefaultRoom, privateRooms } from './auth/private-rooms.js';
import { closeApp } from './lifecycle/close.js';
import { createLimits } from './limits/limits.js';
import { createLogger } from './log.js';
import { admitConnection, attachConnection } from './socket/connection.js';
import { deliverLocally } from './socket/deliver.js';
import { guardEngine } from './socket/engine-guards.js';
import { originChecker, serverOptions } from './socket/options.js';

export interface AppOptions {
  log?: Logger;
  /** With redis.enable: the URL, password included (from REDIS_URL); defaults to config.redis.url. */
  redisUrl?: string;
  /** With redis.cluster: the nodes' password (REDIS_PASSWORD). */
  redisPassword?: string | undefined;
  /** How long shutdown waits for requests in flight (ms). */
  shutdownTimeoutMs?: number;
  /**
   * How long close() keeps serving with readiness at 503 before it stops (ms); defaults to
   * config.health.drainMs. Tests pass 0 so that closing stays fast.
   */
  drainMs?: number;
  /** An unrecoverable problem (such as a wrong Redis password); the default logs it and exits 78. */
  onFatal?: (message: string) => void;
  /** Where actions are found; defaults to ./actions beside this file. */
  actionsDir?: URL;
  /** Where middleware are found; defaults to ./middleware beside this file. */
  middlewareDir?: URL;
  /** More middleware, as if found in middlewareDir (tests; middleware built from config). */
  middleware?: readonly Middleware[];
  publicDir?: string;
  /**
   * With auth.mode jwt: the key tokens are signed with (JWT_SECRET, at least 32 bytes); not used
   * when auth.publicKeyFile or auth.jwksUrl is set.
   */
  jwtSecret?: string;
  /** METRICS_TOKEN: with it, GET metrics.path needs `Authorization: Bearer TOKEN`. */
  metricsToken?: string;
  /** With adminUi.enable: the bcrypt hash of the admin password; defaults to ADMIN_PASSWORD_HASH. */
  adminPasswordHash?: string;
}

export interface App {
  io: AppServer | null;
  config: Config;
  actions: ActionRegistry;
  middleware: MiddlewareSet;
  cache: Cache;
  log: Logger;
  /** With metrics.enable: the app's metrics (start:cluster workers join the cluster's sum). */
  metrics: Metrics | undefined;
  /**
   * Graceful shutdown: readiness 503 and a drain (drainMs), then refuse new requests, finish
   * those in flight (bounded), `bye`, close.
   */
  close(): Promise<void>;
}

export async function createApp(
  server: HttpServer,
  config: Config,
  options: AppOptions = {},
): Promise<App> {
  const log = options.log ?? createLogger(config);
  const actions = await loadActions(options.actionsDir ?? new URL('./actions/', import.meta.url));
  const found = await loadMiddleware(
    options.middlewareDir ?? new URL('./middleware/', import.meta.url),
  );
  // What every middleware hook is given; the cache is read when used (Redis replaces it below).
  const appContext: AppContext = {
    config,
    log,
    get cache() {
      return state.cache;
    },
  };
  // Sign-in, with auth.mode jwt: one connection middleware, and a check per HTTP request.
  let verifyToken: TokenVerifier | undefined;
  const signIn: Middleware[] = [];
  if (config.auth.mode === 'jwt') {
    // Loaded only with sign-in on: jose takes ~40 ms to load, which other projects never pay.
    const [{ createVerifier, signInMiddleware }, { loadTokenKeys }] = await Promise.all([
      import('./auth/jwt.js'),
      import('./auth/keys.js'),
    ]);
    // A missing secret or an unusable key file stops the start here, with what to fix.
    const keys = await loadTokenKeys(config.auth, options.jwtSecret, projectRoot, log);
    verifyToken = createVerifier(config.auth, keys);
    signIn.push(signInMiddleware(verifyToken, config.auth.required));
  }
  // The admin view: loaded only when on; a missing or malformed password hash stops the start.
  const adminView = config.adminUi.enable
    ? await (
        await import('./admin/admin.js')
      ).prepareAdminView(config, log, options.adminPasswordHash)
    : undefined;
  // Private rooms (`private:NAME`) are guarded in every project, signed in or not.
  checkDefaultRoom(config);
  // servers.web.trustedProxies, compiled once here: a value that is no address stops the start.
  checkTrustedProxies(config);
  // Metrics: loaded only when enabled (prom-client takes a while to load); read through `state`.
  const metrics = config.metrics.enable
    ? (await import('./metrics/metrics.js')).createMetrics(actions, () => state.io)
    : undefined;
  // Rate limits: three middleware that run before all others; none with limits.enable false.
  const limits = config.limits.enable
    ? createLimits(config.limits, log, metrics && ((kind) => metrics.limitRefused(kind)))
    : undefined;
  const middleware = middlewareSet(
    [
      ...found,
      ...signIn,
      privateRooms,
      ...(limits?.middleware ?? []),
      ...(options.middleware ?? []),
    ],
    appContext,
  );
  bindActionMiddleware(actions, middleware);
  const actionList = [...actions.values()]
    .map((a) => a.definition)
    .sort((a, b) => a.name.localeCompare(b.name));
  let started = false;
  const state: AppState = {
    config,
    log,
    actions,
    actionList,
    middleware,
    cache: new MemoryCache(),
    io: null,
    shuttingDown: false,
    health: {
      // A start:cluster worker never listens itself: the primary hands it connections.
      started: () => started && (server.listening || cluster.isWorker),
      stopping: false,
      redis: [],
    },
    inFlight: 0,
    onIdle: undefined,
    verifyToken,
    metrics,
  };

  // Registered before socket.io attaches, so socket.io keeps its own path and passes the rest here.
  server.on(
    'request',
    createRouter(
      state,
      options.publicDir ?? fileURLToPath(new URL('../public/', import.meta.url)),
      options.metricsToken,
      adminView?.pages,
    ),
  );
  // A request Node cannot parse (or too slow) gets JSON too, and a warn line instead of nothing.
  server.on('clientError', onClientError(log));

  if (config.webSockets.enable) {
    const io: AppServer = new Server(server, serverOptions(config, state));
    guardEngine(io, originChecker(config));
    // Connection middleware run at the handshake; without any, socket.io has no middleware at all.
    if (middleware.create.length > 0) {
      io.use((socket, next) => admitConnection(state, socket, next));
    }
    io.on('connection', (socket) => attachConnection(state, socket));
    adminView?.attach(io);
    // With a chat `say` middleware, each node delivers a message to its own recipients.
    if (middleware.say.length > 0) {
      io.on('chat:say', (message, rooms, except) => {
        void deliverLocally(state, message, rooms, except);
      });
    }
    state.io = io;
  }

  if (config.redis.enable) {
    // Loaded only when enabled: a project without Redis never opens a Redis connection.
    const { setupRedis } = await import('./redis/setup.js');
    const onFatal =
      options.onFatal ??
      ((message: string) => {
        log.fatal(message);
        console.error(message);
        process.exit(78);
      });
    const target = {
      url: options.redisUrl ?? config.redis.url,
      cluster: config.redis.cluster,
      password: options.redisPassword,
    };
    const redis = setupRedis(state.io, config, target, log, onFatal);
    state.cache = redis.cache;
    metrics?.watchRedis(redis.clients.command, redis.clients.subscriber);
    // Readiness reads their status: no Redis round trip per poll.
    state.health.redis = [redis.clients.command, redis.clients.subscriber];
    // Counts per client address then live in Redis, so the limits hold across nodes.
    await limits?.shareThrough(redis.clients.command, config.redis.keyPrefix);
  }

  started = true;
  let closing: Promise<void> | undefined;
  return {
    io: state.io,
    config,
    actions,
    middleware,
    get cache() {
      return state.cache;
    },
    log,
    metrics,
    close() {
      closing ??= closeApp(
        state,
        server,
        options.shutdownTimeoutMs ?? 10_000,
        options.drainMs ?? config.health.drainMs,
      );
      return closing;
    },
  };
}
