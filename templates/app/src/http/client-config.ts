// GET /actionhero-ws/config.js and .json: the socket.io path and transports, for the browser client,
// and whether sign-in is on, for pages that offer it (there only when auth.mode is not none).

import type { ServerResponse } from 'node:http';
import type { Config } from '../config/config-types.js';
import { socketPath } from '../socket/options.js';

export interface ClientConfigBodies {
  js: string;
  json: string;
}

/** Computed once at start-up; `<` is escaped so the JSON is safe inside a <script>. */
export function clientConfigBodies(config: Config): ClientConfigBodies {
  const { mode, required } = config.auth;
  const json = JSON.stringify({
    path: socketPath(config),
    transports: config.webSockets.options.transports,
    ...(mode === 'none' ? {} : { signIn: { mode, required } }),
  })
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
  return { json, js: `window.ActionHeroWebSocketConfig = ${json};\n` };
}

export function sendClientConfig(
  res: ServerResponse,
  body: string,
  type: string,
  head: boolean,
): void {
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}
