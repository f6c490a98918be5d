// cacheTest: saves cacheTest_KEY for 5 s, then size, load and destroy, and shows every answer.

import { defineAction } from '../core/action.js';

export default defineAction<{ key: string; value: string }>({
  name: 'cacheTest',
  description: 'Round-trips a value through the cache (memory, or Redis when enabled).',
  inputs: {
    key: { required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
    value: { required: true, schema: { type: 'string', maxLength: 10_000 } },
  },
  async run({ key, value }, { cache }) {
    const cacheKey = `cacheTest_${key}`;
    const saveResp = await cache.save(cacheKey, value, 5000);
    const sizeResp = await cache.size();
    const loadResp = await cache.load(cacheKey);
    const deleteResp = await cache.destroy(cacheKey);
    return { cacheTestResults: { saveResp, sizeResp, loadResp, deleteResp } };
  },
});
