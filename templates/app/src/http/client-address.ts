// The address of the client behind a request (an HTTP request, or the request a socket.io
// connection began with): the TCP peer, unless that peer is a proxy listed in
// servers.web.trustedProxies; then X-Forwarded-For is read back hop by hop, as far as trusted
// proxies reach. Nothing is believed from an untrusted peer, so a client cannot forge its address.

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import type { Config } from '../config/config-types.js';
import { clientAddress } from '../core/context.js';
import { StartupError } from '../core/startup-error.js';

type Trust = (address: string, hop: number) => boolean;

/** One trust function per list: compiled once (at start, by checkTrustedProxies), then reused. */
const compiled = new WeakMap<readonly string[], Trust>();

function trustOf(trustedProxies: readonly string[]): Trust {
  let trust = compiled.get(trustedProxies);
  if (trust === undefined) {
    trust = proxyAddr.compile([...trustedProxies]);
    compiled.set(trustedProxies, trust);
  }
  return trust;
}

/**
 * At start: compiles servers.web.trustedProxies, so a value the schema's pattern lets through
 * but that is no address (`10.0.0.0/99`, `1.2.3`) stops the start with the field's name.
 */
export function checkTrustedProxies(config: Config): void {
  try {
    trustOf(config.servers.web.trustedProxies);
  } catch (err) {
    throw new StartupError(
      `servers.web.trustedProxies: ${(err as Error).message}; use IP addresses, CIDR ranges such as "10.0.0.0/8", or loopback, linklocal, uniquelocal`,
    );
  }
}

/**
 * The client's address of `req`, written as people do (`::ffff:10.0.0.1` becomes `10.0.0.1`).
 * With no trusted proxies: the TCP peer, whatever X-Forwarded-For says.
 */
export function requestAddress(req: IncomingMessage, trustedProxies: readonly string[]): string {
  // Nearest first: the TCP peer, then X-Forwarded-For from its right end, up to the first
  // address that is not a trusted proxy.
  const hops = proxyAddr.all(req, trustOf(trustedProxies));
  // A trusted proxy may pass on what is no address ("unknown", a typo): the nearest address that
  // is one stands instead.
  for (let i = hops.length - 1; i > 0; i--) {
    const hop = hops[i] ?? '';
    if (isIP(hop) !== 0) return clientAddress(hop);
  }
  return clientAddress(hops[0]);
}
