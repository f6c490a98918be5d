// HTTP errors an operator can trust: an oversize or cut-off body, or a wrong method, answers JSON
// with its status, is logged as the client's mistake (warn, never error), and the server serves on.

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MAX_BODY_BYTES } from '../src/http/body.js';
import { capturedLog, rawGet, startServer, within, type TestServer } from './helpers.js';

const ERROR = 50;
const WARN = 40;
const TEN_MB = 10 * 1024 * 1024;

describe('http errors', () => {
  let t: TestServer;
  let lines: Record<string, unknown>[];
  before(async () => {
    const captured = capturedLog();
    lines = captured.lines;
    t = await startServer({}, 5000, { log: captured.log });
  });
  after(() => t.close());

  function assertNoErrorLines(): void {
    const bad = lines.filter((line) => Number(line.level) >= ERROR);
    assert.deepEqual(bad, [], 'no error-level line for a client mistake');
  }

  async function stillServing(): Promise<void> {
    const res = await fetch(`${t.url}/api/randomNumber`);
    assert.equal(res.status, 200);
    assert.equal(typeof ((await res.json()) as { randomNumber: unknown }).randomNumber, 'number');
  }

  const oversize: [string, string, string][] = [
    ['a JSON body', 'application/json', JSON.stringify({ key: 'k', value: 'x'.repeat(TEN_MB) })],
    ['a form body', 'application/x-www-form-urlencoded', `key=k&value=${'x'.repeat(TEN_MB)}`],
  ];
  for (const [what, contentType, body] of oversize) {
    it(`answers a 10 MB ${what} with 413 and the error as JSON`, async () => {
      const before = lines.length;
      const res = await fetch(`${t.url}/api/cacheTest`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      assert.equal(res.status, 413);
      assert.match(String(res.headers.get('content-type')), /^application\/json/);
      const answer = (await res.json()) as { error: string };
      assert.equal(answer.error, `Error: body must be at most ${MAX_BODY_BYTES} bytes`);
      assertNoErrorLines();
      const logged = lines.slice(before).filter((line) => line.msg === 'request failed');
      assert.equal(logged.length, 1);
      assert.equal(logged[0]?.level, WARN);
      assert.equal(logged[0]?.status, 413);
      assert.equal(logged[0]?.action, 'cacheTest');
      await stillServing();
    });
  }

  it('refuses a body sent in chunks (no content-length) once it passes the limit', async () => {
    const res = await within(
      10_000,
      'the 413',
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: t.port,
            path: '/api/cacheTest',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        const chunk = Buffer.alloc(256 * 1024, 'x');
        for (let sent = 0; sent < 4 * MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
        req.end();
      }),
    );
    assert.equal(res.status, 413);
    assert.match((JSON.parse(res.body) as { error: string }).error, /body must be at most/);
    assertNoErrorLines();
    await stillServing();
  });

  it('logs a body cut off by the client as its mistake, not a server error', async () => {
    const before = lines.length;
    const server = t.app.io?.httpServer;
    assert.ok(server);
    await within(
      5000,
      'the cut-off request',
      new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port: t.port,
          path: '/api/cacheTest',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '1000' },
        });
        req.on('error', () => resolve());
        // Once the server is reading this request's body, the client goes away mid-body.
        server.once('request', () => req.destroy());
        req.write('{"key":"k","value":"');
      }),
    );
    // The server notices the cut when the socket closes: wait (bounded) for its line.
    let logged: Record<string, unknown> | undefined;
    for (let tries = 0; logged === undefined && tries < 500; tries++) {
      logged = lines.slice(before).find((line) => line.msg === 'request failed');
      if (logged === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(logged, 'the cut-off request is logged');
    assert.equal(logged.level, WARN);
    assert.equal(logged.status, 400);
    assertNoErrorLines();
    await stillServing();
  });

  it('answers a wrong method with 405 and JSON, logged at warn', async () => {
    const before = lines.length;
    const res = await rawGet(t.port, '/api/status', 'PUT', '{}');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, POST');
    assert.match((JSON.parse(res.body) as { error: string }).error, /method must be GET or POST/);
    const logged = lines.slice(before).filter((line) => line.msg === 'request failed');
    assert.deepEqual(
      logged.map((line) => [line.level, line.status, line.verb]),
      [[WARN, 405, 'PUT']],
    );
    assertNoErrorLines();
  });

  it('answers an unknown path, a bad action name and a wrong static method in JSON', async () => {
    const cases: [string, string, number, RegExp][] = [
      ['GET', '/nothing-here', 404, /^Error: Not Found$/],
      ['GET', '/api/%E0%A4%A', 400, /not valid percent-encoding/],
      ['POST', '/public/index.html', 405, /^Error: Method Not Allowed$/],
    ];
    for (const [method, path, status, error] of cases) {
      const res = await rawGet(t.port, path, method);
      assert.equal(res.status, status, path);
      assert.match(String(res.headers['content-type']), /^application\/json/, path);
      assert.match((JSON.parse(res.body) as { error: string }).error, error, path);
    }
    assertNoErrorLines();
  });

  /** Writes `bytes` on a raw connection and reads all the server answers until it closes. */
  function raw(bytes: string): Promise<string> {
    return within(
      5000,
      'a raw answer',
      new Promise((resolve, reject) => {
        const socket = connect(t.port, '127.0.0.1', () => socket.write(bytes));
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      }),
    );
  }

  it('answers requests Node cannot parse in JSON, logged at warn', async () => {
    const before = lines.length;
    const garbage = await raw('NOT HTTP AT ALL\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(garbage, /content-type: application\/json/);
    assert.equal(garbage.slice(garbage.indexOf('\r\n\r\n') + 4), '{"error":"Error: Bad Request"}');
    const huge = await raw(`GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    assert.match(huge, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const refused = lines.slice(before).filter((line) => line.msg === 'http request refused');
    assert.deepEqual(
      refused.map((line) => [line.level, line.status, line.address]),
      [
        [WARN, 400, '127.0.0.1'],
        [WARN, 431, '127.0.0.1'],
      ],
    );
    assertNoErrorLines();
    await stillServing();
  });
});
