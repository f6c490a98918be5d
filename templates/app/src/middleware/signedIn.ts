// Guards the actions that list it (`middleware: ['signedIn']`): an anonymous request is refused
// with 401, and so is one whose token has expired since the connection signed in (a connection
// checks its token once, at the handshake, so its expiry is checked here, per request).
import { defineActionMiddleware, refuse } from '../core/middleware.js';
import { signInTexts } from '../auth/tokens.js';
import { sessionExpired } from '../auth/expiry.js';

export default defineActionMiddleware({
  name: 'signedIn',
  preProcessor({ ctx }) {
    const user = ctx.user;
    if (user === undefined) refuse(signInTexts.missing, 401);
    if (sessionExpired(user, ctx.config.auth.clockToleranceSec)) refuse(signInTexts.expired, 401);
  },
});
