// Creates the http or https server from config.servers.web (TLS files relative to the project).

import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolve } from 'node:path';
import type { Config } from '../config/config-types.js';
import { defaultHeadersTimeoutMs } from '../config/load.js';

/**
 * Slow clients (slowloris) are cut off instead of holding sockets forever: the headers must arrive
 * within headersTimeoutMs and the whole request within 30 s. Node checks both only every
 * connectionsCheckingInterval (30 s by default), so the check runs at a quarter of the timeout.
 */
function timeouts(headersTimeoutMs: number): ServerOptions {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: Math.max(30_000, headersTimeoutMs),
    connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(headersTimeoutMs / 4))),
  };
}

export function createWebServer(
  config: Config,
  root: string,
  passphrase?: string,
  headersTimeoutMs = defaultHeadersTimeoutMs,
): Server {
  const web = config.servers.web;
  let server: Server;
  if (web.secure) {
    const read = (file: string | null, what: string, env: string): Buffer => {
      if (file === null) {
        throw new Error(
          `servers.web.${what} is required for https (or set ${env}); \`npm run cert\` makes a development pair.`,
        );
      }
      try {
        return readFileSync(resolve(root, file));
      } catch {
        throw new Error(
          `servers.web.${what}: cannot read "${file}" (or set ${env}); \`npm run cert\` makes a development pair.`,
        );
      }
    };
    const key = read(web.keyFile, 'keyFile', 'TLS_KEY_FILE');
    const cert = read(web.certFile, 'certFile', 'TLS_CERT_FILE');
    server = createHttpsServer({ key, cert, passphrase, ...timeouts(headersTimeoutMs) });
  } else {
    server = createHttpServer(timeouts(headersTimeoutMs));
  }
  return server;
}
