// docs/RELIABILITY.md, SEC-03..SEC-06, against a generated, booted https project with a cors
// allow-list: foreign origins on polling and on the upgrade, a 2000-header upgrade, plain HTTP on
// the TLS port and an engine.io transport named `__proto__`. After each, the server must be alive.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { assertAlive, rawClient, serverPid, socketUrl } from '../helpers/raw-socket.js';
import WebSocket from 'ws';

const good = 'https://good.example';
const foreign = 'https://evil.example';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, rejectUnauthorized: false, timeout: 10_000 });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** The HTTP status a websocket upgrade got instead of 101, or 101 when it opened. */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin, rejectUnauthorized: false, handshakeTimeout: 10_000 });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}

/** A raw request over plain TCP; resolves with what came back before the server closed it. */
function rawRequest(port: number, text: string, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`the server kept the connection open for ${ms} ms; got ${got.slice(0, 80)}`),
      );
    }, ms);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (data) => (got += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

describe('hardening: https with a cors allow-list (SEC-03..SEC-06)', () => {
  let project: Project;
  let server: Server;
  let pid: number;
  let polling: string;
  before(async () => {
    project = await createProject({ flags: ['--https', '--option', `cors.origin=${good}`] });
    const cert = await project.npm(['run', 'cert']);
    assert.equal(cert.code, 0, cert.stderr);
    server = await project.start();
    pid = await serverPid(server.url);
    polling = `${server.url}/socket.io/?EIO=4&transport=polling`;
  });
  after(async () => {
    await server?.stop();
    project?.remove();
  });

  it('SEC-03: a foreign Origin gets no Access-Control-Allow-Origin for it on polling', async () => {
    for (const method of ['GET', 'OPTIONS']) {
      const answer = await send(polling, method, {
        origin: foreign,
        'access-control-request-method': 'GET',
      });
      const allowed = answer.headers['access-control-allow-origin'];
      assert.ok(
        allowed === undefined || allowed === good,
        `${method}: allow-origin ${String(allowed)}`,
      );
      if (method === 'GET') assert.equal(answer.status, 403, answer.body);
      assert.doesNotMatch(answer.body, /"sid"/, 'a foreign origin got a session');
    }
    const ok = await send(polling, 'GET', { origin: good });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], good);
    assert.match(ok.body, /^0\{"sid"/);
  });

  it('SEC-03: the websocket upgrade from a foreign Origin is refused, new or upgrading', async () => {
    const direct = await upgradeStatus(socketUrl(server.url), foreign);
    assert.ok(direct >= 400 && direct < 500, `direct upgrade answered ${direct}`);
    // A session opened by the allowed origin, then upgraded from a foreign one.
    const open = await send(polling, 'GET', { origin: good });
    const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    const upgrade = await upgradeStatus(socketUrl(server.url, `&sid=${sid}`), foreign);
    assert.ok(upgrade >= 400 && upgrade < 500, `session upgrade answered ${upgrade}`);
    // The allowed origin, and a client without Origin (not a browser), are let in.
    const client = await rawClient(server.url, { origin: good });
    client.send('421["action",{"action":"status"}]');
    assert.match(await client.frame((f) => f.startsWith('431')), /"status":"OK"/);
    client.terminate();
    await assertAlive(server.url, pid);
  });

  it('SEC-04: an upgrade request with 2000 headers', async () => {
    const head = [
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
      `Host: 127.0.0.1:${server.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ];
    const { connect: tlsConnect } = await import('node:tls');
    // Long headers pass Node's 16 kB header limit (431); short ones stay under it and reach
    // engine.io's upgrade handling with Node's 2000-header cap.
    for (const filler of [(i: number) => `X-Filler-${i}: ${'v'.repeat(20)}`, () => 'a: 1']) {
      const text = [...head, ...Array.from({ length: 2000 }, (_, i) => filler(i))].join('\r\n');
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({
          port: server.port,
          host: '127.0.0.1',
          rejectUnauthorized: false,
        });
        let got = '';
        const timer = setTimeout(() => {
          socket.destroy();
          resolve(got);
        }, 5_000);
        socket.on('secureConnect', () => socket.write(`${text}\r\n\r\n`));
        socket.on('data', (data: Buffer) => (got += data.toString('latin1')));
        // The server may answer 431 and reset the connection while the request is still being
        // written: a reset is a refusal too, whether or not the answer was read first.
        socket.on('error', (error: NodeJS.ErrnoException) =>
          error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(got) : reject(error),
        );
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(got);
        });
      });
      if (answer !== '') {
        assert.match(answer, /^HTTP\/1\.1 (101|4\d\d) /, `answered ${answer.slice(0, 60)}`);
      }
    }
    await assertAlive(server.url, pid);
  });

  it('SEC-05: plain HTTP to the TLS port fails cleanly, again and again', async () => {
    for (let i = 0; i < 20; i++) {
      const got = await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      assert.doesNotMatch(got, /^HTTP\/1\.[01] 2/, 'plain HTTP was served');
    }
    await assertAlive(server.url, pid);
  });

  it('SEC-06: transport=__proto__ (and other Object.prototype names) is a 400', async () => {
    for (const transport of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const answer = await send(`${server.url}/socket.io/?EIO=4&transport=${transport}`);
      assert.equal(answer.status, 400, `${transport}: ${answer.body}`);
    }
    await assertAlive(server.url, pid);
  });
});
