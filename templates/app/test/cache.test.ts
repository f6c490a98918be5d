// The memory cache: save, load, destroy, size, expiry and its error texts.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { MemoryCache } from '../src/cache/memory.js';

describe('memory cache', () => {
  it('saves, loads, sizes and destroys', async () => {
    const cache = new MemoryCache();
    assert.equal(await cache.save('a', { n: 1 }), true);
    assert.equal(await cache.size(), 1);
    const entry = await cache.load('a');
    assert.deepEqual(entry.value, { n: 1 });
    assert.equal(entry.expireTimestamp, null);
    assert.equal(await cache.destroy('a'), true);
    assert.equal(await cache.destroy('a'), false);
    await assert.rejects(cache.load('a'), { message: 'Object not found' });
    await cache.close();
  });

  it('expires entries', async () => {
    const cache = new MemoryCache();
    await cache.save('b', 1, 20);
    await sleep(60);
    await assert.rejects(cache.load('b'), /Object (not found|expired)/);
    assert.equal(await cache.size(), 0);
    await cache.close();
  });

  it('treats prototype names as plain keys', async () => {
    const cache = new MemoryCache();
    await assert.rejects(cache.load('constructor'), { message: 'Object not found' });
    await assert.rejects(cache.load('__proto__'), { message: 'Object not found' });
    await cache.close();
  });
});
