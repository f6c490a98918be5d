// docs/RELIABILITY.md, LOAD-01..LOAD-05, against a generated, booted project: over-sized messages
// on both transports, a flood of actions on one connection, 2000 concurrent clients (twice), 500
// slowloris sockets, and 2000 clients entering one room under the announcement cap. Lean raw-ws
// clients keep the test's own side cheap; every loop is bounded.
import assert from 'node:assert/strict';
import { connect, type Socket as NetSocket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { waitUntil } from '../helpers/process.js';
import {
  assertAlive,
  openFds,
  rawClient,
  rssBytes,
  serverPid,
  type RawClient,
} from '../helpers/raw-socket.js';

const MB = 1024 * 1024;
const big = 'x'.repeat(1_100_000);

/** Runs `task` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The acknowledgement frame `43ID[...]` of request ID, parsed. */
function ackOf(frame: string, id: number): { status?: string; error?: string } | undefined {
  const prefix = `43${id}[`;
  if (!frame.startsWith(prefix)) return undefined;
  return (JSON.parse(frame.slice(prefix.length - 1)) as [{ status?: string; error?: string }])[0];
}

describe('hardening: size, floods and load (LOAD-01..LOAD-05)', () => {
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

  it('LOAD-01: a 1.1 MB event over websocket closes that connection', async () => {
    const client = await rawClient(server.url);
    client.send(`42${JSON.stringify(['action', { action: 'status', big }])}`);
    assert.equal(await client.closed(10_000), true, 'the connection stayed open');
    client.terminate();
    await assertAlive(server.url, pid);
  });

  it('LOAD-01: a 1.1 MB POST over polling is refused and closes that session', async () => {
    const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const open = await (await fetch(base)).text();
    const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
    const session = `${base}&sid=${sid}`;
    assert.equal((await fetch(session, { method: 'POST', body: '40' })).status, 200);
    assert.match(await (await fetch(session)).text(), /"welcome"/);
    const body = `42${JSON.stringify(['action', { action: 'status', big }])}`;
    const posted = await fetch(session, { method: 'POST', body }).then(
      (res) => res.status,
      () => 0,
    );
    assert.ok(posted === 413 || posted === 0, `the POST answered ${posted}`);
    await waitUntil(
      async () => (await fetch(session)).status === 400,
      'the over-sized session to be closed (400 Session ID unknown)',
      10_000,
    );
    await assertAlive(server.url, pid);
  });

  it('LOAD-02: 1000 actions at once on one connection; the rest are refused, others unaffected', async () => {
    const limit = 5; // general.simultaneousActions of a default project
    const flood = await rawClient(server.url);
    const other = io(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      for (let id = 1; id <= 1000; id++)
        flood.send(`42${id}["action",{"action":"sleepTest","sleepDuration":2000}]`);
      const started = Date.now();
      const answer = (await other
        .timeout(10_000)
        .emitWithAck('action', { action: 'randomNumber' })) as { status?: string };
      assert.equal(answer.status, 'OK', 'another connection was affected');
      assert.ok(Date.now() - started < 10_000);
      await waitUntil(
        () => flood.frames.filter((f) => f.startsWith('43')).length >= 1000,
        'an answer to each of the 1000 actions',
        30_000,
      );
      const replies = Array.from({ length: 1000 }, (_, i) => {
        const reply = flood.frames.map((f) => ackOf(f, i + 1)).find((r) => r !== undefined);
        assert.ok(reply, `no answer to request ${i + 1}`);
        return reply;
      });
      for (const reply of replies.slice(0, limit)) assert.equal(reply.status, 'OK');
      const refused = replies.filter((r) => r.error === 'you have too many pending requests');
      const ok = replies.filter((r) => r.status === 'OK');
      assert.equal(refused.length + ok.length, 1000, 'an answer was neither OK nor refused');
      assert.ok(refused.length >= 900, `only ${refused.length} refused`);
    } finally {
      flood.terminate();
      other.close();
    }
    await assertAlive(server.url, pid);
  });

  it('LOAD-03: 2000 concurrent clients run an action each, twice; memory and handles return', async () => {
    const clients = 2000;
    // Each client moves to a room of its own first. Everyone in the default room would make
    // every join and leave a `say` to all the others: n^2 frames (4M per round), which is the
    // protocol's chat semantics, not what this row measures.
    const open = async (i: number): Promise<RawClient> => {
      const client = await rawClient(server.url, { timeoutMs: 30_000, record: false });
      client.send(`421["roomChange",{"room":"load-${i}"}]`);
      await client.frame((f) => f.startsWith('431['), 30_000);
      return client;
    };
    const round = async (): Promise<void> => {
      const opened: RawClient[] = await pool(
        Array.from({ length: clients }, (_, i) => i),
        50,
        open,
      );
      try {
        const answers = opened.map((client) => {
          const answer = client.frame((f) => f.startsWith('432['), 60_000);
          client.send('422["action",{"action":"randomNumber"}]');
          return answer;
        });
        for (const answer of await Promise.all(answers)) assert.match(answer, /"status":"OK"/);
      } finally {
        for (const client of opened) client.ws.close();
      }
    };
    // One small round first, so the baseline holds what the first connections allocate.
    await pool([1, 2, 3, 4, 5], 5, () => rawClient(server.url).then((c) => c.ws.close()));
    await sleep(500);
    const baseline = { rss: rssBytes(pid), fds: openFds(pid) };
    const rssAfter: number[] = [];
    for (let i = 0; i < 2; i++) {
      await round();
      await waitUntil(
        () => openFds(pid) <= baseline.fds + 10,
        `open handles back near ${baseline.fds} (now ${openFds(pid)})`,
        30_000,
      );
      rssAfter.push(rssBytes(pid));
      await assertAlive(server.url, pid);
    }
    const [first = 0, second = 0] = rssAfter;
    const report = `baseline ${(baseline.rss / MB) | 0} MB, after rounds ${rssAfter.map((r) => (r / MB) | 0).join(', ')} MB`;
    assert.ok(second - baseline.rss < 200 * MB, report);
    assert.ok(second - first < 48 * MB, `the second round kept growing: ${report}`);
  });

  it('LOAD-04: 500 slowloris sockets are closed by the header timeout; new clients are served', async () => {
    // A second server of the same project, with a short header timeout to keep the test short.
    const slow = await project.start({ HEADERS_TIMEOUT_MS: '2000' });
    const slowPid = await serverPid(slow.url);
    const request = `GET /public/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(40)}`;
    const sockets: { socket: NetSocket; got: string; closed: boolean }[] = [];
    try {
      await pool(
        Array.from({ length: 500 }, (_, i) => i),
        100,
        () =>
          new Promise<void>((resolve, reject) => {
            const entry = { socket: connect(slow.port, '127.0.0.1'), got: '', closed: false };
            entry.socket.on('data', (data) => (entry.got += data.toString('latin1')));
            entry.socket.on('error', () => undefined);
            entry.socket.on('close', () => (entry.closed = true));
            entry.socket.once('connect', () => {
              entry.socket.write(request[0] ?? 'G');
              sockets.push(entry);
              resolve();
            });
            entry.socket.once('error', reject);
          }),
      );
      // One more header byte per socket every 1.5 s, at most 20 times (30 s), until all are closed.
      for (let byte = 1; byte <= 20 && sockets.some((s) => !s.closed); byte++) {
        await sleep(1_500);
        for (const entry of sockets) if (!entry.closed) entry.socket.write(request[byte] ?? 'a');
        if (byte === 1) await assertAlive(slow.url, slowPid);
      }
      const open = sockets.filter((s) => !s.closed).length;
      assert.equal(open, 0, `${open} slowloris sockets still open after 30 s`);
      const timedOut = sockets.filter((s) => s.got.startsWith('HTTP/1.1 408')).length;
      assert.ok(timedOut > 0, 'no socket got 408 Request Timeout');
      assert.ok(sockets.every((s) => s.got === '' || s.got.startsWith('HTTP/1.1 408')));
      await assertAlive(slow.url, slowPid);
    } finally {
      for (const entry of sockets) entry.socket.destroy();
      await slow.stop();
    }
  });
  it('LOAD-05: 2000 clients enter one room; past the cap (500) a join sends no frame', async () => {
    const cap = 500; // general.announceMaxMembers of a default project
    const clients = 2000;
    const opened: RawClient[] = [];
    // Every frame is kept from the first: an announcement can arrive before the welcome.
    const open = (): Promise<RawClient> => rawClient(server.url, { timeoutMs: 30_000 });
    const entered = (): number =>
      opened.reduce(
        (sum, client) =>
          sum + client.frames.filter((f) => f.includes('I have entered the room')).length,
        0,
      );
    // The k-th member in is announced to the k - 1 already there, while the room holds at most
    // `cap` with it counted: 0 + 1 + ... + (cap - 1) frames in all, however the joins interleave.
    const announcedUpToCap = (cap * (cap - 1)) / 2;
    try {
      opened.push(...(await pool(Array.from({ length: cap }), 50, open)));
      await waitUntil(
        () => entered() === announcedUpToCap,
        `${announcedUpToCap} announcements for the first ${cap} (got ${entered()})`,
        60_000,
      );
      opened.push(...(await pool(Array.from({ length: clients - cap }), 50, open)));
      // A say from the last one reaches everyone after anything sent to them before it.
      const heard = opened
        .slice(0, -1)
        .map((client) => client.frame((f) => f.includes('"message":"all here"'), 60_000));
      opened.at(-1)?.send('421["say",{"message":"all here"}]');
      await Promise.all(heard);
      assert.equal(entered(), announcedUpToCap, 'joins past the cap were announced');
      assert.equal(opened.length, clients);
    } finally {
      for (const client of opened) client.ws.close();
    }
    await assertAlive(server.url, pid);
  });
});
