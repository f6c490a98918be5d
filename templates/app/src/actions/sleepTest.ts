// sleepTest: waits sleepDuration ms, then answers (useful to see concurrent requests).

import { setTimeout as sleep } from 'node:timers/promises';
import { defineAction } from '../core/action.js';

export default defineAction<{ sleepDuration?: number }>({
  name: 'sleepTest',
  description: 'Sleeps for sleepDuration ms (default 1000, at most 60000), then answers.',
  inputs: {
    sleepDuration: { schema: { type: 'integer', minimum: 0, maximum: 60_000 } },
  },
  async run({ sleepDuration = 1000 }) {
    const sleepStarted = Date.now();
    await sleep(sleepDuration);
    const sleepEnded = Date.now();
    return { sleepStarted, sleepEnded, sleepDelta: sleepEnded - sleepStarted, sleepDuration };
  },
});
