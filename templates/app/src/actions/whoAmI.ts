// whoAmI: the signed-in user's subject. Only for signed-in clients (the signedIn middleware).

import { defineAction } from '../core/action.js';

export default defineAction({
  name: 'whoAmI',
  description: 'Who the signed-in client is: the subject (sub) of its token.',
  inputs: {},
  middleware: ['signedIn'],
  run(_params, { user }) {
    return { user: { sub: user?.sub ?? null } };
  },
});
