// randomNumber: a number between 0 and 1 (the simplest possible action).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionContext } from '../../src/core/action.js';
import { loadActions } from '../../src/core/registry.js';
import { pickParams } from '../../src/core/run-action.js';

const actions = await loadActions(new URL('../../src/actions/', import.meta.url));

function load() {
  const action = actions.get('randomNumber');
  assert.ok(action, 'src/actions/randomNumber.ts is discovered at start-up');
  return action;
}

test('randomNumber declares no inputs', () => {
  assert.deepEqual(load().inputNames, []);
  assert.deepEqual(load().requiredNames, []);
});

test('randomNumber answers a number from 0 to 1, a new one each time', async () => {
  const action = load();
  const { params, error } = pickParams(action, { extra: 'dropped' }, false);
  assert.equal(error, undefined);
  assert.deepEqual(params, {});
  const numbers = new Set<number>();
  for (let i = 0; i < 20; i++) {
    // It needs nothing from its context.
    const result = await action.definition.run(params, {} as ActionContext);
    assert.deepEqual(Object.keys(result), ['randomNumber']);
    const n = result.randomNumber as number;
    assert.ok(typeof n === 'number' && n >= 0 && n < 1, String(n));
    numbers.add(n);
  }
  assert.ok(numbers.size > 1, 'not always the same number');
});
