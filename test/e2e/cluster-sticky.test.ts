// The start:cluster primary's routing, over raw TCP: a request must reach the worker that holds
// its socket.io session even when its request line and headers arrive in several TCP packets,
// and two requests written at once (HTTP pipelining) must both be answered.
//
// A session is known only to its worker: a request routed to the other one is answered
// 400 "Session ID unknown". New requests alternate between the two workers (round-robin), so
// a few requests of one session are enough for a wrong route to show.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCluster } from '../helpers/cluster.js';
import { createProject, type Project } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses every complete HTTP/1.1 response in `data` (Content-Length or chunked bodies). */
function parseResponses(data: Buffer): Response[] {
  const responses: Response[] = [];
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return responses;
    const [statusLine = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    let body = rest.subarray(end + 4);
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = body.indexOf('\r\n');
        if (lineEnd < 0) return responses;
        const size = parseInt(body.subarray(0, lineEnd).toString(), 16);
        if (body.length < lineEnd + 2 + size + 2) return responses;
        parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
        body = body.subarray(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
      responses.push({ status, headers, body: Buffer.concat(parts).toString() });
      rest = body;
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (body.length < length) return responses;
      responses.push({ status, headers, body: body.subarray(0, length).toString() });
      rest = body.subarray(length);
    }
  }
}

/**
 * Opens a TCP connection, writes `parts` one after another with a pause between them (each
 * its own TCP packet: no Nagle delay, and the pause outlasts the reader), and resolves with
 * the responses once `expected` are complete or the server closes (bounded).
 */
async function exchange(
  port: number,
  parts: string[],
  expected = 1,
  pauseMs = 100,
): Promise<Response[]> {
  const socket: Socket = createConnection({ port, host: '127.0.0.1', noDelay: true });
  const chunks: Buffer[] = [];
  const done = new Promise<Response[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(parts).slice(0, 200)}`));
    }, 15_000);
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponses(Buffer.concat(chunks)));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (parseResponses(Buffer.concat(chunks)).length >= expected) finish();
    });
    socket.once('close', finish);
    socket.once('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (const [i, part] of parts.entries()) {
    if (i > 0) await sleep(pauseMs);
    socket.write(part);
  }
  return done;
}

function pollPath(sid?: string): string {
  return `/socket.io/?EIO=4&transport=polling${sid === undefined ? '' : `&sid=${sid}`}`;
}

function get(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n`;
}

function post(path: string, body: string): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Cuts `request` into pieces at each of `marks` (text it contains), in order. */
function splitAt(request: string, marks: string[]): string[] {
  const pieces: string[] = [];
  let rest = request;
  for (const mark of marks) {
    const at = rest.indexOf(mark);
    assert.ok(at > 0, `"${mark}" is in the request`);
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...pieces, rest];
}

/** Opens a polling session (one ordinary request): its id. */
async function handshake(port: number): Promise<string> {
  const [response] = await exchange(port, [get(pollPath())]);
  assert.equal(response?.status, 200, response?.body);
  const open = JSON.parse((response?.body ?? '').slice(1)) as { sid: string };
  return open.sid;
}

/** The `pid` in a polled payload's acknowledgement of the status action (`431[{...}]`). */
function ackedPid(payload: string): number | undefined {
  for (const packet of payload.split('\x1e')) {
    const match = /^431(\[.*\])$/.exec(packet);
    if (match?.[1] !== undefined) return (JSON.parse(match[1]) as [{ pid: number }])[0].pid;
  }
  return undefined;
}

describe('start:cluster routing over raw TCP', () => {
  let project: Project;
  let redis: RedisServer;
  let primary: ChildProcess;
  let port: number;

  before(async () => {
    project = await createProject({ flags: ['--redis'] });
    redis = await startRedis();
    const cluster = await startCluster(project.dir, { REDIS_URL: redis.url });
    primary = cluster.primary;
    port = Number(new URL(cluster.url).port);
  });
  after(async () => {
    if (primary?.exitCode === null) {
      const exited = new Promise((resolve) => primary.once('exit', resolve));
      primary.kill('SIGTERM');
      await exited;
    }
    await redis?.kill();
    project?.remove();
  });

  it('routes a request whose request line and headers arrive in several packets to its session', async () => {
    for (let round = 0; round < 2; round++) {
      const sid = await handshake(port);
      // Cut inside the session id, then between headers, then before the blank line.
      const cuts = [`&sid=${sid.slice(0, 5)}`, 'Host:', '\r\n\r\n'];
      const connect = splitAt(post(pollPath(sid), '40'), [
        `sid=${sid.slice(0, 5)}`,
        'Content-Type',
        'Content-Length',
        '\r\n\r\n',
      ]);
      const [connected] = await exchange(port, connect);
      assert.equal(connected?.status, 200, connected?.body);
      assert.equal(connected?.body, 'ok');

      const [welcome] = await exchange(port, splitAt(get(pollPath(sid)), cuts));
      assert.equal(welcome?.status, 200, welcome?.body);
      assert.match(welcome?.body ?? '', /^40\{"sid":/);

      const status = post(pollPath(sid), '421["action",{"action":"status"}]');
      const [asked] = await exchange(port, splitAt(status, [`sid=${sid.slice(0, 5)}`, 'Host:']));
      assert.equal(asked?.status, 200, asked?.body);
      // The welcome may come first, in its own poll: poll until the answer (bounded).
      let pid: number | undefined;
      for (let poll = 0; poll < 3 && pid === undefined; poll++) {
        const [answer] = await exchange(port, splitAt(get(pollPath(sid)), cuts));
        assert.equal(answer?.status, 200, answer?.body);
        pid = ackedPid(answer?.body ?? '');
      }
      assert.equal(typeof pid, 'number', 'the status action answered');
    }
  });

  it('answers a request whose headers arrive one byte at a time', async () => {
    const sid = await handshake(port);
    const request = post(pollPath(sid), '40');
    const head = request.slice(0, request.indexOf('\r\n\r\n') + 4);
    // Byte by byte through the session id, and again across the blank line that ends the head.
    const parts = [
      ...head.slice(0, 60),
      head.slice(60, -4),
      ...head.slice(-4),
      request.slice(head.length),
    ];
    const [connected] = await exchange(port, parts, 1, 30);
    assert.equal(connected?.status, 200, connected?.body);
    assert.equal(connected?.body, 'ok');
  });

  it('refuses a head larger than Node allows with 431, and goes on serving', async () => {
    const huge = `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}`;
    const [refused] = await exchange(port, [huge]);
    assert.equal(refused?.status, 431);
    const [served] = await exchange(port, [get('/api/status')]);
    assert.equal(served?.status, 200);
  });

  it('answers two pipelined requests written at once', async () => {
    const twice = get('/api/status') + get('/api/status');
    const responses = await exchange(port, [twice], 2);
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 200],
      `both answered: ${JSON.stringify(responses)}`,
    );
  });

  it('answers two pipelined requests of one polling session, on its worker', async () => {
    const sid = await handshake(port);
    const [connected] = await exchange(port, [post(pollPath(sid), '40')]);
    assert.equal(connected?.body, 'ok');
    const [welcome] = await exchange(port, [get(pollPath(sid))]);
    assert.match(welcome?.body ?? '', /^40\{"sid":/);
    // The action, then the poll that brings its answer back, in one write.
    const both = post(pollPath(sid), '421["action",{"action":"status"}]') + get(pollPath(sid));
    const responses = await exchange(port, [both], 2);
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 200],
      `both answered: ${JSON.stringify(responses)}`,
    );
    assert.equal(responses[0]?.body, 'ok');
    assert.equal(typeof ackedPid(responses[1]?.body ?? ''), 'number', responses[1]?.body);
  });
});
