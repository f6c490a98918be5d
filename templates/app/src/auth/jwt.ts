// Sign-in with JSON Web Tokens (auth.mode jwt), checked with the keys of keys.ts (JWT_SECRET, a
// public key file or a JWKS URL). A socket.io connection is checked once, at the handshake; an
// HTTP request at each request.

import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config/config-types.js';
import {
  defineConnectionMiddleware,
  refuse,
  type ConnectionMiddleware,
} from '../core/middleware.js';
import type { User } from '../protocol/events.js';
import type { TokenKeys } from './keys.js';
import { bearerToken, signInTexts, type TokenVerifier } from './tokens.js';

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
