// The context every action run receives, built one way for socket.io and for HTTP requests.

import type { AppState } from '../app-state.js';
import type { ActionContext, Requester } from './action.js';

/** A client's address as people write it: `::ffff:127.0.0.1` (IPv4 over IPv6) becomes `127.0.0.1`. */
export function clientAddress(address: string | undefined): string {
  const value = address ?? '';
  return value.startsWith('::ffff:') ? value.slice(7) : value;
}

export function actionContext(state: AppState, requester: Requester): ActionContext {
  return {
    config: state.config,
    cache: state.cache,
    log: state.log,
    actions: state.actionList,
    requester,
  };
}
