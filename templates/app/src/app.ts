// createApp(server, config): socket.io, the Redis adapter (when enabled), verbs, HTTP actions and static files.

import type { Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from './config/config-types.js';
import type { AppServer, AppState } from './app-state.js';
import { MemoryCache } from './cache/memory.js';
import type { Cache } from './cache/cache.js';
import { loadActions, type ActionRegistry } from './core/registry.js';
import { createRouter } from './http/router.js';
import { closeApp } from './lifecycle/close.js';
import { createLogger } from './log.js';
import { attachConnection } from './socket/connection.js';
import { guardEngine } from './socket/engine-guards.js';
import { originChecker, serverOptions } from './socket/options.js';

export interface AppOptions {
  log?: Logger;
  /** With redis.enable: the URL, password included (from REDIS_URL); defaults to config.redis.url. */
  redisUrl?: string;
  /** How long shutdown waits for requests in flight (ms). */
  shutdownTimeoutMs?: number;
  /** An unrecoverable problem (such as a wrong Redis password); the default logs it and exits 78. */
  onFatal?: (message: string) => void;
  /** Where actions are found; defaults to ./actions beside this file. */
  actionsDir?: URL;
  publicDir?: string;
}

export interface App {
  io: AppServer | null;
  config: Config;
  actions: ActionRegistry;
  cache: Cache;
  log: Logger;
  /** Graceful shutdown: refuse new requests, finish those in flight (bounded), `bye`, close. */
  close(): Promise<void>;
}

export async function createApp(
  server: HttpServer,
  config: Config,
  options: AppOptions = {},
): Promise<App> {
  const log = options.log ?? createLogger(config);
  const actions = await loadActions(options.actionsDir ?? new URL('./actions/', import.meta.url));
  const actionList = [...actions.values()]
    .map((a) => a.definition)
    .sort((a, b) => a.name.localeCompare(b.name));
  const state: AppState = {
    config,
    log,
    actions,
    actionList,
    cache: new MemoryCache(),
    io: null,
    shuttingDown: false,
    inFlight: 0,
    onIdle: undefined,
  };

  // Registered before socket.io attaches, so socket.io keeps its own path and passes the rest here.
  server.on(
    'request',
    createRouter(state, options.publicDir ?? fileURLToPath(new URL('../public/', import.meta.url))),
  );

  if (config.webSockets.enable) {
    const io: AppServer = new Server(server, serverOptions(config, state));
    guardEngine(io, originChecker(config));
    io.on('connection', (socket) => attachConnection(state, socket));
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
    state.cache = setupRedis(
      state.io,
      config,
      options.redisUrl ?? config.redis.url,
      log,
      onFatal,
    ).cache;
  }

  let closing: Promise<void> | undefined;
  return {
    io: state.io,
    config,
    actions,
    get cache() {
      return state.cache;
    },
    log,
    close() {
      closing ??= closeApp(state, server, options.shutdownTimeoutMs ?? 10_000);
      return closing;
    },
  };
}
