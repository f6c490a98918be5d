// actionsView: lists every loaded action, with its description and inputs (what public/index.html shows).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionContext } from '../../src/core/action.js';
import { loadActions } from '../../src/core/registry.js';
import { pickParams } from '../../src/core/run-action.js';

const actions = await loadActions(new URL('../../src/actions/', import.meta.url));

function load() {
  const action = actions.get('actionsView');
  assert.ok(action, 'src/actions/actionsView.ts is discovered at start-up');
  return action;
}

test('actionsView declares no inputs', () => {
  assert.deepEqual(load().inputNames, []);
  assert.deepEqual(load().requiredNames, []);
});

test('actionsView lists the actions it is given: name, description and inputs', async () => {
  const action = load();
  const { params, error } = pickParams(action, { extra: 'dropped' }, false);
  assert.equal(error, undefined);
  assert.deepEqual(params, {});
  const definitions = [...actions.values()].map((loaded) => loaded.definition);
  const context: Partial<ActionContext> = { actions: definitions }; // all it uses
  const result = await action.definition.run(params, context as ActionContext);
  assert.deepEqual(result, {
    actions: definitions.map(({ name, description, inputs }) => ({ name, description, inputs })),
  });
  // Only what a client may see: never the run() function.
  assert.doesNotMatch(JSON.stringify(result), /run/);
});
