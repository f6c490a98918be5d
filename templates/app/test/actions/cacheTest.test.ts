// cacheTest: saves cacheTest_KEY for 5 s, then size, load and destroy, and answers every result.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionContext } from '../../src/core/action.js';
import { MemoryCache } from '../../src/cache/memory.js';
import { loadActions } from '../../src/core/registry.js';
import { pickParams } from '../../src/core/run-action.js';

const actions = await loadActions(new URL('../../src/actions/', import.meta.url));

function load() {
  const action = actions.get('cacheTest');
  assert.ok(action, 'src/actions/cacheTest.ts is discovered at start-up');
  return action;
}

test('cacheTest declares its inputs', () => {
  assert.deepEqual(load().inputNames, ['key', 'value']);
  assert.deepEqual(load().requiredNames, ['key', 'value']);
});

test('cacheTest round-trips the value through the cache it is given', async () => {
  const action = load();
  const { params, error } = pickParams(action, { key: 'k', value: 'v' }, false);
  assert.equal(error, undefined);
  // The in-memory cache; test/protocol.test.ts runs the same action on Redis when REDIS_URL is set.
  const cache = new MemoryCache();
  const before = Date.now();
  const context: Partial<ActionContext> = { cache }; // all it uses
  const result = (await action.definition.run(params, context as ActionContext)) as {
    cacheTestResults: {
      saveResp: boolean;
      sizeResp: number;
      deleteResp: boolean;
      loadResp: Record<string, unknown>;
    };
  };
  const { saveResp, sizeResp, loadResp, deleteResp } = result.cacheTestResults;
  assert.equal(saveResp, true);
  assert.equal(sizeResp, 1);
  assert.equal(loadResp.key, 'cacheTest_k');
  assert.equal(loadResp.value, 'v');
  assert.ok((loadResp.createdAt as number) >= before);
  assert.equal(loadResp.expireTimestamp, (loadResp.createdAt as number) + 5000);
  assert.equal(deleteResp, true);
  assert.equal(await cache.size(), 0, 'the entry is gone afterwards');
  await cache.close();
});

test('cacheTest refuses a request without its required inputs', () => {
  assert.equal(
    pickParams(load(), {}, false).error,
    'Error: key is a required parameter for this action',
  );
  assert.equal(
    pickParams(load(), { key: 'k' }, false).error,
    'Error: value is a required parameter for this action',
  );
  assert.equal(
    pickParams(load(), { key: '', value: 'v' }, false).error,
    'Error: key is a required parameter for this action',
  );
});

test('cacheTest refuses inputs of the wrong type', () => {
  assert.match(
    pickParams(load(), { key: 42, value: 'v' }, false).error ?? '',
    /^Error: key must be string/,
  );
  assert.match(
    pickParams(load(), { key: 'k', value: 'x'.repeat(10_001) }, false).error ?? '',
    /^Error: value must NOT have more than 10000 characters/,
  );
});
