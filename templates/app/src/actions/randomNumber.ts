// randomNumber: a number between 0 and 1 (the simplest possible action).

import { defineAction } from '../core/action.js';

export default defineAction({
  name: 'randomNumber',
  description: 'Returns a random number between 0 and 1.',
  inputs: {},
  run() {
    return { randomNumber: Math.random() };
  },
});
