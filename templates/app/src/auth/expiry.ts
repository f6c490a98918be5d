// Whether a signed-in user's token has expired since it was checked. A socket.io connection
// checks its token once, at the handshake; what it asks for later checks `exp` here, in one place.

import type { User } from '../protocol/events.js';

/** True once the token's `exp` (seconds) plus the clock tolerance has passed; never without `exp`. */
export function sessionExpired(user: User, clockToleranceSec: number, now = Date.now()): boolean {
  const exp = user.exp;
  return typeof exp === 'number' && now >= (exp + clockToleranceSec) * 1000;
}
