// What a middleware file in src/middleware/ exports: one of actionHero's three kinds (action,
// connection, chat), declared with defineActionMiddleware, defineConnectionMiddleware or
// defineChatMiddleware. src/middleware/README.md says when each hook runs.

import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { AppSocket } from '../app-state.js';
import type { Cache } from '../cache/cache.js';
import type { Config } from '../config/config-types.js';
import { Refusal, type RefusalStatus } from '../protocol/errors.js';
import type { SayMessage, SocketData } from '../protocol/events.js';
import type { ActionContext, ActionDefinition } from './action.js';

export { Refusal, type RefusalStatus };

/**
 * Refuses what the middleware was asked: the client gets `Error: TEXT` (over socket.io as the
 * reply's `error`, or `connect_error` at the handshake; over HTTP with `status`, 403 by default).
 * `retryAfterMs` says when asking again may succeed (over HTTP: a `Retry-After` header).
 */
export function refuse(text: string, status: RefusalStatus = 403, retryAfterMs?: number): never {
  throw new Refusal(text, status, retryAfterMs);
}

/** Without a priority a middleware runs at 1000, as in actionHero. Lower runs first, then by name. */
export const DEFAULT_PRIORITY = 1000;

/** What every hook gets as its second argument: the config, the logger and the cache. */
export interface AppContext {
  readonly config: Config;
  readonly log: Logger;
  /** The in-memory cache, or Redis with redis.enable (the same as actions get). */
  readonly cache: Cache;
}

/** A socket.io connection as middleware see it. */
export interface MiddlewareConnection {
  readonly id: string;
  /** The handshake: headers, `auth` (what the client passed to `io(url, { auth })`), address. */
  readonly handshake: AppSocket['handshake'];
  /** The connection's state (room, listened rooms, `user`, ...), shared with the other nodes. */
  readonly data: SocketData;
  /** True when socket.io recovered it after a short drop (connectionStateRecovery): `create` runs again. */
  readonly recovered: boolean;
  disconnect(close?: boolean): void;
}

/** What a hook may return: nothing (go on), or a promise of nothing. Throw to refuse or fail. */
type Done = void | Promise<void>;

/** One request for an action, as its preProcessors and postProcessors see it. */
export interface ActionData {
  /** The action's name. */
  readonly action: string;
  readonly definition: ActionDefinition;
  /**
   * preProcessor: the parameters as the client sent them, before the action's inputs are checked
   * (what is here afterwards is what gets checked). postProcessor: the checked parameters.
   */
  params: Record<string, unknown>;
  /** The context `run()` gets: set `ctx.user`, or leave values for the action in `ctx.locals`. */
  readonly ctx: ActionContext;
  /** postProcessor: the action's result; change it, or replace it with another object. */
  response: Record<string, unknown>;
  /** Over socket.io: the connection asking. */
  readonly connection: MiddlewareConnection | undefined;
  /** Over HTTP: the request (its headers, such as `authorization`). */
  readonly request: IncomingMessage | undefined;
}

export interface ActionMiddleware {
  readonly kind: 'action';
  readonly name: string;
  /** Runs for every action; otherwise only for actions that list it in their `middleware`. */
  readonly global?: boolean;
  readonly priority?: number;
  /** Before the action's inputs are checked; `refuse()` stops the request. */
  preProcessor?(data: ActionData, app: AppContext): Done;
  /** After the action succeeded; may change `data.response`. */
  postProcessor?(data: ActionData, app: AppContext): Done;
}

export interface ConnectionMiddleware {
  readonly kind: 'connection';
  readonly name: string;
  readonly priority?: number;
  /** At the handshake, before `welcome`; `refuse()` turns the client away (`connect_error`). */
  create?(connection: MiddlewareConnection, app: AppContext): Done;
  /** When a connection that was let in goes away. */
  destroy?(connection: MiddlewareConnection, app: AppContext): Done;
}

export interface JoinData {
  readonly connection: MiddlewareConnection;
  readonly room: string;
  /** The verb asking: roomChange (to be in the room) or listenToRoom (to hear it). */
  readonly mode: 'roomChange' | 'listenToRoom';
}

export interface LeaveData {
  readonly connection: MiddlewareConnection;
  readonly room: string;
  /** What made the connection leave. */
  readonly mode: 'roomChange' | 'silenceRoom' | 'disconnect';
  /** True when the connection was listening to the room rather than in it. */
  readonly listening: boolean;
}

export interface SayData {
  /** onSayReceive: the sender. say: the recipient. */
  readonly connection: MiddlewareConnection;
  readonly room: string;
  /** What will be sent; change `message.message` to rewrite it (say: for this recipient only). */
  readonly message: SayMessage;
}

export interface ChatMiddleware {
  readonly kind: 'chat';
  readonly name: string;
  readonly priority?: number;
  /** Before roomChange or listenToRoom; `refuse()` keeps the connection out. */
  join?(data: JoinData, app: AppContext): Done;
  /** After a connection left a room or stopped listening to it (it cannot refuse). */
  leave?(data: LeaveData, app: AppContext): Done;
  /** Once per message, before it is sent; `refuse()` stops it (the sender gets the error). */
  onSayReceive?(data: SayData, app: AppContext): Done;
  /**
   * Once per recipient of every message (room announcements included); return false to keep it
   * from this recipient. Defining it costs: see src/middleware/README.md.
   */
  say?(data: SayData, app: AppContext): boolean | void | Promise<boolean | void>;
}

export type Middleware = ActionMiddleware | ConnectionMiddleware | ChatMiddleware;

/** Declares an action middleware: `export default defineActionMiddleware({ name, preProcessor })`. */
export function defineActionMiddleware(
  middleware: Omit<ActionMiddleware, 'kind'>,
): ActionMiddleware {
  return { ...middleware, kind: 'action' };
}

export function defineConnectionMiddleware(
  middleware: Omit<ConnectionMiddleware, 'kind'>,
): ConnectionMiddleware {
  return { ...middleware, kind: 'connection' };
}

export function defineChatMiddleware(middleware: Omit<ChatMiddleware, 'kind'>): ChatMiddleware {
  return { ...middleware, kind: 'chat' };
}
