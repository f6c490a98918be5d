// Sign-in's refusal texts and the token in an `Authorization: Bearer` header: what the HTTP API,
// the signedIn middleware and private rooms need, without jose (which jwt.ts loads, and only
// projects with auth.mode jwt load jwt.ts: that keeps about 40 ms off everyone else's start).

import type { IncomingMessage } from 'node:http';
import { refuse } from '../core/middleware.js';
import type { User } from '../protocol/events.js';

/** What a client is told, as `Error: TEXT`. */
export const signInTexts = {
  missing: 'you must sign in',
  invalid: 'invalid token',
  expired: 'your session has expired',
} as const;

/** Checks a token; resolves to its claims, or throws a refusal (401) with one of signInTexts. */
export type TokenVerifier = (token: string) => Promise<User>;

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
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
