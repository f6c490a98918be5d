// docs/RELIABILITY.md, BI-01..BI-03, against a generated, booted project: raw engine.io and
// socket.io frames a well-behaved client never sends. Each abusive connection must be closed,
// the process must stay up, a new client must still run an action, and a bystander must not notice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { assertAlive, rawClient, rssBytes, serverPid } from '../helpers/raw-socket.js';

const MB = 1024 * 1024;

/** A connected socket.io client that must see no disconnect while others misbehave. */
async function bystander(url: string): Promise<{ socket: Socket; disconnects: string[] }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const disconnects: string[] = [];
  socket.on('disconnect', (reason) => disconnects.push(reason));
  await new Promise<void>((resolve, reject) => {
    socket.once('welcome', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, disconnects };
}

/** Joins, sends `frames`, and asserts the server closes that connection. */
async function closedAfter(url: string, frames: (string | Buffer)[], label: string): Promise<void> {
  const client = await rawClient(url);
  try {
    for (const frame of frames) client.send(frame);
    assert.equal(await client.closed(5_000), true, `${label}: the connection stayed open`);
  } finally {
    client.terminate();
  }
}

describe('hardening: raw frames (BI-01..BI-03)', () => {
  let project: Project;
  let server: Server;
  let pid: number;
  before(async () => {
    project = await createProject();
    server = await project.start();
    pid = await serverPid(server.url);
  });
  after(async () => {
    await server?.stop();
    project?.remove();
  });

  it('BI-01: a truncated event frame closes that connection; others are unaffected', async () => {
    const other = await bystander(server.url);
    try {
      await closedAfter(server.url, ['42["action",{"name":'], 'truncated event');
      await assertAlive(server.url, pid);
      assert.deepEqual(other.disconnects, [], 'the bystander was disconnected');
      const reply = (await other.socket
        .timeout(10_000)
        .emitWithAck('action', { action: 'randomNumber' })) as { status?: string };
      assert.equal(reply.status, 'OK');
    } finally {
      other.socket.close();
    }
  });

  it('BI-02: malformed events, reserved names and a bad packet type close the connection', async () => {
    const frames = ['42[{"toString":"foo"}]', '42[null,"x"]', '42["connect"]', '44["x"]'];
    for (const frame of frames) await closedAfter(server.url, [frame], frame);
    await assertAlive(server.url, pid);
  });

  it('BI-03: binary attachment abuse closes the connection and memory stays flat', async () => {
    const small = Buffer.alloc(1024, 1);
    const thousand: Buffer[] = Array.from({ length: 1000 }, () => small);
    const chunk = Buffer.alloc(100 * 1024, 2);
    // A warm-up round, so the baseline includes what any first connections allocate.
    await closedAfter(server.url, ['4511-["action",{"_placeholder":true,"num":0}]'], 'warm-up');
    const before = rssBytes(pid);
    for (let round = 0; round < 20; round++) {
      await closedAfter(
        server.url,
        ['4511-["action",{"_placeholder":true,"num":0}]'],
        '11 attachments declared',
      );
      await closedAfter(server.url, ['450-["action",{}]', ...thousand], '0 attachments + 1000');
      await closedAfter(server.url, thousand, '1000 binary frames with no packet');
      // The most a packet may declare (10), 9 of them sent, then the client hangs up: the
      // half-built packet must be dropped with the connection.
      const client = await rawClient(server.url);
      client.send('4510-["action",{"_placeholder":true,"num":0}]');
      for (let i = 0; i < 9; i++) client.send(chunk);
      client.terminate();
    }
    await assertAlive(server.url, pid);
    const grown = rssBytes(pid) - before;
    assert.ok(grown < 64 * MB, `RSS grew by ${Math.round(grown / MB)} MB over 80 abusive sessions`);
  });
});
