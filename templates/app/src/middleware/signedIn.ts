// Guards the actions that list it (`middleware: ['signedIn']`): an anonymous request is refused
// with 401, and so is one whose token has expired since the connection signed in (a connection
// checks its token once, at the handshake, so its expiry is checked here, per request).
import { defineActionMiddleware, refuse } from '../core/middleware.js';
import { signInTexts } from '../auth/jwt.js';

export default defineActionMiddleware({
  name: 'signedIn',
  preProcessor({ ctx }) {
    const user = ctx.user;
    if (user === undefined) refuse(signInTexts.missing, 401);
    const exp = user.exp;
    if (typeof exp === 'number' && Date.now() >= (exp + ctx.config.auth.clockToleranceSec) * 1000) {
      refuse(signInTexts.expired, 401);
    }
  },
});
