// The context every action run receives, built one way for socket.io and for HTTP requests.

import type { AppState } from '../app-state.js';
import type { SocketData } from '../protocol/events.js';
import type { ActionContext, ActionLocals, Requester } from './action.js';

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
