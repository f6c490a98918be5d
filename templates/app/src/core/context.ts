// The context every action run receives, built one way for socket.io and for HTTP requests.

import type { AppState } from '../app-state.js';
import type { SocketData } from '../protocol/events.js';
import type { Config } from '../config/config-types.js';
import type { Cache } from '../cache/cache.js';
import type { Logger } from 'pino';
import type { ActionContext, ActionDefinition, ActionLocals, Requester, User } from './action.js';

/** A client's address as people write it: `::ffff:127.0.0.1` (IPv4 over IPv6) becomes `127.0.0.1`. */
export function clientAddress(address: string | undefined): string {
  const value = address ?? '';
  return value.startsWith('::ffff:') ? value.slice(7) : value;
}

/** The locals of a request no middleware ran for: nothing was left, and nothing can be. */
const NO_LOCALS: ActionLocals = Object.freeze({});

/**
 * A context for `requester`. Given a connection's socket, `user` is that connection's own (read
 * and set in `socket.data.user`), so one context serves every request of the connection.
 */
export function actionContext(
  state: AppState,
  requester: Requester,
  socket?: { readonly data: SocketData },
): ActionContext {
  const base = {
    config: state.config,
    cache: state.cache,
    log: state.log,
    actions: state.actionList,
    requester,
    locals: NO_LOCALS,
  };
  if (socket === undefined) return base;
  return {
    ...base,
    get user() {
      return socket.data.user;
    },
    set user(user) {
      socket.data.user = user;
    },
  };
}

/**
 * The context of one request that runs action middleware: `locals` of its own, everything else
 * (`user` included, read and set through) from the context it was made from.
 */
export class RequestContext implements ActionContext {
  readonly config: Config;
  readonly cache: Cache;
  readonly log: Logger;
  readonly requester: Requester;
  readonly actions: readonly ActionDefinition[];
  readonly locals: ActionLocals = {};
  readonly #shared: ActionContext;

  constructor(shared: ActionContext) {
    this.config = shared.config;
    this.cache = shared.cache;
    this.log = shared.log;
    this.requester = shared.requester;
    this.actions = shared.actions;
    this.#shared = shared;
  }

  get user(): User | undefined {
    return this.#shared.user;
  }

  set user(user: User | undefined) {
    this.#shared.user = user;
  }
}
