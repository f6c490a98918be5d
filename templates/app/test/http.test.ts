// HTTP: /api/NAME actions and status codes, static files from public/ only (no path escapes it).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawGet, startServer, type TestServer } from './helpers.js';

describe('http', () => {
  let t: TestServer;
  before(async () => {
    t = await startServer();
  });
  after(() => t.close());

  it('runs actions over GET with server and requestor information', async () => {
    const res = await rawGet(t.port, '/api/cacheTest?key=a&value=b');
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body) as Record<string, Record<string, unknown>>;
    assert.equal(body.cacheTestResults?.saveResp, true);
    assert.equal(body.serverInformation?.serverName, 'actionhero-ws');
    assert.equal(body.requestorInformation?.remoteIP, '127.0.0.1');
    assert.deepEqual(body.requestorInformation?.receivedParams, { key: 'a', value: 'b' });
  });

  it('runs actions over POST JSON', async () => {
    const res = await rawGet(
      t.port,
      '/api/sleepTest',
      'POST',
      JSON.stringify({ sleepDuration: 5, extra: 1 }),
    );
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { sleepDuration: number }).sleepDuration, 5);
  });

  it('answers 404, 422 with the socket.io error texts', async () => {
    const unknown = await rawGet(t.port, '/api/nope');
    assert.equal(unknown.status, 404);
    assert.equal(
      (JSON.parse(unknown.body) as { error: string }).error,
      'Error: nope is not a known action.',
    );
    const proto = await rawGet(t.port, '/api/constructor');
    assert.equal(proto.status, 404);
    const missing = await rawGet(t.port, '/api/cacheTest?key=a');
    assert.equal(missing.status, 422);
    assert.equal(
      (JSON.parse(missing.body) as { error: string }).error,
      'Error: value is a required parameter for this action',
    );
    const bad = await rawGet(t.port, '/api/sleepTest?sleepDuration=long');
    assert.equal(bad.status, 422);
    const badJson = await rawGet(t.port, '/api/status', 'POST', '{not json');
    assert.equal(badJson.status, 400);
  });

  it('serves / and /public/ files', async () => {
    const index = await rawGet(t.port, '/');
    assert.equal(index.status, 200);
    assert.match(String(index.headers['content-type']), /text\/html/);
    const same = await rawGet(t.port, '/public/index.html');
    assert.equal(same.body, index.body);
    assert.equal((await rawGet(t.port, '/public/nope.html')).status, 404);
    assert.equal((await rawGet(t.port, '/public/')).status, 404);
    assert.equal((await rawGet(t.port, '/elsewhere')).status, 404);
  });

  it('never serves anything outside public/, whatever the path encoding', async () => {
    const paths = [
      '/public/../package.json',
      '/public/%2e%2e/%2e%2e/etc/passwd',
      '/public/..%2fpackage.json',
      '/public/%2e%2e/package.json',
      '/public/%252e%252e/x',
      '/public/..\\..\\package.json',
      '/public/x%00.html',
      `/public/${'a'.repeat(10_000)}`,
      '/public/.env',
      '/public/%2e%2e/config/config.json',
      '/../package.json',
    ];
    for (const path of paths) {
      const res = await rawGet(t.port, path);
      assert.ok([400, 403, 404].includes(res.status), `${path.slice(0, 60)} -> ${res.status}`);
      assert.doesNotMatch(res.body, /"name"|root:|"\$schema"/);
    }
    assert.equal((await rawGet(t.port, '/api/status')).status, 200); // alive
  });
});
