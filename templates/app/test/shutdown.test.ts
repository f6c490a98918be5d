// Graceful shutdown: requests in flight finish, new ones are refused, clients get `bye`.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ask, next, startServer } from './helpers.js';

describe('shutdown', () => {
  it('finishes actions in flight, refuses new ones, says bye', async () => {
    const t = await startServer();
    const { client } = await t.connect();
    const slow = ask(client, 'action', { action: 'sleepTest', sleepDuration: 300 });
    await ask(client, 'detailsView', {}); // the sleepTest has arrived
    const bye = next(client, 'bye');
    const closed = t.app.close();
    const refused = await ask(client, 'action', { action: 'randomNumber' });
    assert.equal(refused.error, 'the server is shutting down');
    assert.equal((await slow).status, 'OK');
    assert.deepEqual(await bye, { bye: 'bye', reason: 'server shutdown' });
    await closed;
    await t.close();
  });
});
