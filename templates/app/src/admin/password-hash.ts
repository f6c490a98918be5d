// ADMIN_PASSWORD_HASH: the bcrypt hash the admin view's password is checked against. Checked at
// start-up, so a missing or mangled value stops the server with the fix instead of locking out.

import { StartupError } from '../core/startup-error.js';

/** `$2a$`, `$2b$` or `$2y$`, a two-digit cost, then 53 characters of salt and hash. */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

const FIX =
  '`npm run admin-password` prints the line to put in .env (keep the single quotes: the hash contains $)';

/** The hash itself, or a StartupError naming ADMIN_PASSWORD_HASH and the fix. */
export function checkPasswordHash(hash: string | undefined): string {
  if (hash === undefined || hash === '') {
    throw new StartupError(`adminUi.enable is true: set ADMIN_PASSWORD_HASH; ${FIX}`);
  }
  if (!BCRYPT_HASH.test(hash)) {
    // The value is never shown (it could be a password pasted by mistake), only its length:
    // enough to spot a hash cut short at a `$` by a shell or a tool that expands variables.
    throw new StartupError(
      `ADMIN_PASSWORD_HASH is not a bcrypt hash (got ${hash.length} characters; ` +
        `a bcrypt hash has 60 and starts with $2b$): ${FIX}`,
    );
  }
  return hash;
}
