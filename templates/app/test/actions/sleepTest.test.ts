// sleepTest: waits sleepDuration ms (default 1000, at most 60000), then answers when it slept.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionContext } from '../../src/core/action.js';
import { loadActions } from '../../src/core/registry.js';
import { pickParams } from '../../src/core/run-action.js';

const actions = await loadActions(new URL('../../src/actions/', import.meta.url));

function load() {
  const action = actions.get('sleepTest');
  assert.ok(action, 'src/actions/sleepTest.ts is discovered at start-up');
  return action;
}

test('sleepTest declares its inputs', () => {
  assert.deepEqual(load().inputNames, ['sleepDuration']);
  assert.deepEqual(load().requiredNames, [], 'sleepDuration is optional');
});

test('sleepTest sleeps for sleepDuration ms, then answers', async () => {
  const action = load();
  const { params, error } = pickParams(action, { sleepDuration: 30 }, false);
  assert.equal(error, undefined);
  const started = Date.now();
  // It needs nothing from its context.
  const result = await action.definition.run(params, {} as ActionContext);
  assert.equal(result.sleepDuration, 30);
  assert.equal(result.sleepDelta, (result.sleepEnded as number) - (result.sleepStarted as number));
  assert.ok((result.sleepStarted as number) >= started);
  assert.ok(Date.now() - started >= 25, 'it really waited');
});

test('sleepTest refuses a duration that is not a whole number of ms from 0 to 60000', () => {
  assert.match(
    pickParams(load(), { sleepDuration: 'long' }, false).error ?? '',
    /^Error: sleepDuration must be integer/,
  );
  assert.match(
    pickParams(load(), { sleepDuration: 60_001 }, false).error ?? '',
    /^Error: sleepDuration must be <= 60000/,
  );
  assert.match(
    pickParams(load(), { sleepDuration: -1 }, false).error ?? '',
    /^Error: sleepDuration must be >= 0/,
  );
  // Over HTTP a query string is text: the coercing validator reads "5" as 5.
  assert.deepEqual(pickParams(load(), { sleepDuration: '5' }, true), {
    params: { sleepDuration: 5 },
  });
});
