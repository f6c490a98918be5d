// status: who this server is (from its config), how long it has been up, and who asked.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ActionContext } from '../../src/core/action.js';
import { createConfigValidator } from '../../src/config/config-validation.js';
import { schemaValidator } from '../../src/config/schema-validator.js';
import { loadActions } from '../../src/core/registry.js';
import { pickParams } from '../../src/core/run-action.js';

const actions = await loadActions(new URL('../../src/actions/', import.meta.url));
const validate = createConfigValidator(
  schemaValidator(
    readFileSync(new URL('../../config/config.schema.json', import.meta.url), 'utf8'),
  ),
);

function load() {
  const action = actions.get('status');
  assert.ok(action, 'src/actions/status.ts is discovered at start-up');
  return action;
}

test('status declares no inputs', () => {
  assert.deepEqual(load().inputNames, []);
  assert.deepEqual(load().requiredNames, []);
});

test('status answers the server name from the config, the process figures and the requester', async () => {
  const action = load();
  const { params, error } = pickParams(action, { extra: 'dropped' }, false);
  assert.equal(error, undefined);
  const { config } = validate({ general: { serverName: 'test-server' } });
  const requester = { id: 'socket-1', remoteIP: '127.0.0.1', type: 'websocket' } as const;
  const context: Partial<ActionContext> = { config, requester }; // all it uses
  const result = await action.definition.run(params, context as ActionContext);
  assert.deepEqual(
    { ...result, uptime: typeof result.uptime },
    {
      serverName: 'test-server',
      uptime: 'number',
      nodeVersion: process.version,
      pid: process.pid,
      redis: false,
      requester: 'socket-1',
    },
  );
  assert.ok((result.uptime as number) > 0);
});
