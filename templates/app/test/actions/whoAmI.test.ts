// whoAmI: the signed-in user's subject, behind the signedIn middleware.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionContext } from '../../src/core/action.js';
import { loadActions } from '../../src/core/registry.js';
import { pickParams } from '../../src/core/run-action.js';

const actions = await loadActions(new URL('../../src/actions/', import.meta.url));

function load() {
  const action = actions.get('whoAmI');
  assert.ok(action, 'src/actions/whoAmI.ts is discovered at start-up');
  return action;
}

test('whoAmI declares no inputs and is guarded by signedIn', () => {
  assert.deepEqual(load().inputNames, []);
  assert.deepEqual(load().definition.middleware, ['signedIn']);
});

test('whoAmI answers the subject of the signed-in user', async () => {
  const action = load();
  const { params } = pickParams(action, {}, false);
  const context: Partial<ActionContext> = { user: { sub: 'alice', iss: 'me' } }; // all it uses
  const result = await action.definition.run(params, context as ActionContext);
  assert.deepEqual(result, { user: { sub: 'alice' } });
});
