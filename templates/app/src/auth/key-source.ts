// Which key checks sign-in tokens, read from the config alone: what the config loader needs,
// without jose (see keys.ts for the keys themselves).

import type { Config } from '../config/config-types.js';

/** The least a JWT_SECRET may hold: HS256 wants a key as long as its hash. */
export const MIN_JWT_SECRET_BYTES = 32;

/** The public key source in use, or undefined when tokens are checked with JWT_SECRET. */
export function publicKeySource(auth: Config['auth']): 'publicKeyFile' | 'jwksUrl' | undefined {
  if (auth.publicKeyFile !== null) return 'publicKeyFile';
  if (auth.jwksUrl !== null) return 'jwksUrl';
  return undefined;
}

/** With both public key sources set, the config's error line; otherwise undefined. */
export function keySourceConflict(auth: Config['auth']): string | undefined {
  if (auth.publicKeyFile === null || auth.jwksUrl === null) return undefined;
  return (
    'auth.publicKeyFile and auth.jwksUrl are both set: tokens are checked with one key source; ' +
    'set the one you do not use to null'
  );
}
