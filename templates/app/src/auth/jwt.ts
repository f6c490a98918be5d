// Sign-in with JSON Web Tokens (auth.mode jwt), checked with the keys of keys.ts (JWT_SECRET, a
// public key file or a JWKS URL). A socket.io connection is checked once, at the handshake; an
// HTTP request at each request.

import type { IncomingMessage } from 'node:http';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config/config-types.js';
import {
  defineConnectionMiddleware,
  refuse,
  type ConnectionMiddleware,
} from '../core/middleware.js';
import type { User } from '../protocol/events.js';
import type { TokenKeys } from './keys.js';

/** What a client is told, as `Error: TEXT`. */
export const signInTexts = {
  missing: 'you must sign in',
  invalid: 'invalid token',
  expired: 'your session has expired',
} as const;

/** Checks a token; resolves to its claims, or throws a refusal (401) with one of signInTexts. */
export type TokenVerifier = (token: string) => Promise<User>;

export function createVerifier(auth: Config['auth'], keys: TokenKeys): TokenVerifier {
  const options = {
    algorithms: keys.algorithms,
    clockTolerance: auth.clockToleranceSec,
    ...(auth.issuer === null ? {} : { issuer: auth.issuer }),
    ...(auth.audience === null ? {} : { audience: auth.audience }),
  };
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys.getKey, options));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) refuse(signInTexts.expired, 401);
      // Whatever else went wrong (signature, alg, claims, a JWKS that cannot be fetched, which
      // keys.ts logs) the client learns only that its token was not accepted.
      refuse(signInTexts.invalid, 401);
    }
    // Who is asking must be named: a token without a subject signs no one in.
    if (typeof payload.sub !== 'string' || payload.sub === '') refuse(signInTexts.invalid, 401);
    return payload as User;
  };
}

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

/**
 * The connection middleware of sign-in: takes the token from `io(url, { auth: { token } })` or an
 * `Authorization: Bearer` header (never from the query string, which ends up in logs), checks it
 * once and puts its claims in `connection.data.user`. It runs before every other `create`.
 */
export function signInMiddleware(verify: TokenVerifier, required: boolean): ConnectionMiddleware {
  return defineConnectionMiddleware({
    name: 'signIn',
    priority: Number.MIN_SAFE_INTEGER,
    async create(connection) {
      const fromAuth = (connection.handshake.auth as Record<string, unknown> | undefined)?.token;
      const token =
        typeof fromAuth === 'string' && fromAuth !== ''
          ? fromAuth
          : bearerToken(connection.handshake.headers.authorization);
      if (token === undefined) {
        if (required) refuse(signInTexts.missing, 401);
        return;
      }
      connection.data.user = await verify(token);
    },
  });
}

/**
 * Who an HTTP request is: undefined when it brings no `Authorization: Bearer` header (refused
 * with auth.required), its claims when the token checks out; a bad token is refused (401).
 */
export async function httpUser(
  verify: TokenVerifier,
  required: boolean,
  req: IncomingMessage,
): Promise<User | undefined> {
  const token = bearerToken(req.headers.authorization);
  if (token === undefined) {
    if (required) refuse(signInTexts.missing, 401);
    return undefined;
  }
  return verify(token);
}
