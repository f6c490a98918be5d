// docs/RELIABILITY.md SEC-13 and SEC-14, against generated, booted projects: the default rate
// limits under a flood from one connection (refusals, then a disconnect with a logged reason),
// connections per address lowered to 20, and one limit shared by two Redis-mode nodes. The
// "other address" is 127.0.0.2, another loopback address on Linux.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { waitUntil } from '../helpers/process.js';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { rawClient, type RawClient } from '../helpers/raw-socket.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

interface Reply {
  status?: string;
  error?: string;
  [key: string]: unknown;
}

const TOO_MANY = /^Error: too many requests \(retry in \d+ ms\)$/;
const DISCONNECTED = 'disconnected a connection that went on past its rate limits';
const OTHER_ADDRESS = '127.0.0.2';

const sockets: Socket[] = [];

/** A socket.io client that has had its welcome, from `localAddress` (bounded). */
async function connect(url: string, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    // Handed to the websocket of Node's client (ws), which binds its socket to this address.
    transportOptions: { websocket: { localAddress } },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome from ${url}`)), 10_000);
    socket.once('welcome', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

function ask(socket: Socket, event: string, payload: unknown = {}): Promise<Reply> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Reply>;
}

/** The parsed acknowledgement of request `id`, when `frame` is one (`43ID[...]`). */
function ackOf(frame: string): { id: number; reply: Reply } | undefined {
  const match = /^43(\d+)(\[.*)$/s.exec(frame);
  if (!match) return undefined;
  return { id: Number(match[1]), reply: (JSON.parse(match[2] as string) as [Reply])[0] };
}

/** Changes the project's config/config.json (read when the server starts). */
function editLimits(project: Project, limits: Record<string, unknown>): void {
  const file = join(project.dir, 'config/config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { limits: Record<string, unknown> };
  config.limits = { ...config.limits, ...limits };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/** The JSON lines the server logged with message `msg`. */
function logged(server: Server, msg: string): Record<string, unknown>[] {
  return server.log
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

after(() => {
  for (const socket of sockets) socket.close();
});

describe('SEC-13: the default limits of a generated project', () => {
  let project: Project;
  let server: Server;
  before(async () => {
    project = await createProject();
    server = await project.start();
  });
  after(async () => {
    await server?.stop();
    project?.remove();
  });

  it('SEC-13: 10,000 say and 10,000 actions from one connection: refused, then disconnected; another address is served', async () => {
    const other = await connect(server.url, OTHER_ADDRESS);
    assert.equal((await ask(other, 'roomChange', { room: 'elsewhere' })).status, 'OK');
    const details = (await ask(other, 'detailsView')).details as { remoteIP: string };
    assert.equal(details.remoteIP, OTHER_ADDRESS, 'the other client comes from another address');

    const flood: RawClient = await rawClient(server.url);
    const connected = flood.frames.find((f) => f.startsWith('40{'));
    const id = (JSON.parse((connected as string).slice(2)) as { sid: string }).sid;
    // Sent as fast as the socket takes them: say and action in turn, 20,000 in all.
    for (let i = 0; i < 10_000; i++) {
      flood.send(`42${2 * i + 1}["say",{"message":"flood ${i}"}]`);
      flood.send(`42${2 * i + 2}["action",{"action":"randomNumber"}]`);
    }
    // Served meanwhile: the flood's address is not this one's, and its limits are its own.
    assert.equal((await ask(other, 'action', { action: 'randomNumber' })).status, 'OK');
    assert.equal(await flood.closed(30_000), true, 'the flooding connection was not disconnected');

    const acks = flood.frames.map(ackOf).filter((ack) => ack !== undefined);
    const says = acks.filter((ack) => ack.id % 2 === 1).map((ack) => ack.reply);
    const actions = acks.filter((ack) => ack.id % 2 === 0).map((ack) => ack.reply);
    // The defaults: 2,000 of each per connection in 10 s (the flood takes well under that).
    assert.equal(says.filter((r) => r.status === 'OK').length, 2000);
    assert.equal(actions.filter((r) => r.status === 'OK').length, 2000);
    const refusals = acks.filter((ack) => ack.reply.status !== 'OK').map((ack) => ack.reply.error);
    assert.ok(refusals.length > 0, 'no refusal before the disconnect');
    for (const error of refusals) assert.match(String(error), TOO_MANY);
    // Disconnected after 200 refusals in a row (the default): the rest were never answered.
    assert.ok(refusals.length <= 200, `${refusals.length} refusals`);
    assert.ok(acks.length < 20_000);

    await waitUntil(() => logged(server, DISCONNECTED).length > 0, 'the logged reason', 10_000);
    const reasons = logged(server, DISCONNECTED);
    assert.equal(reasons.length, 1, 'the reason is logged once');
    assert.equal(reasons[0]?.id, id);
    assert.equal(reasons[0]?.address, '127.0.0.1');
    assert.doesNotMatch(JSON.stringify(reasons), /flood \d/, 'no message in the log');

    assert.equal((await ask(other, 'action', { action: 'randomNumber' })).status, 'OK');
    other.close();
  });

  it('SEC-13: with connectionsPerAddress 20, a 21st connection from one address is refused; another address is served', async () => {
    await server.stop();
    editLimits(project, { connectionsPerAddress: 20 });
    server = await project.start();
    const twenty = await Promise.all(Array.from({ length: 20 }, () => connect(server.url)));
    await assert.rejects(connect(server.url), {
      message: 'Error: too many requests (retry in 1000 ms)',
    });
    const other = await connect(server.url, OTHER_ADDRESS);
    assert.equal((await ask(other, 'action', { action: 'randomNumber' })).status, 'OK');
    for (const socket of twenty) {
      assert.equal((await ask(socket, 'action', { action: 'randomNumber' })).status, 'OK');
    }
    for (const socket of [...twenty, other]) socket.close();
  });
});

describe('SEC-14: one limit shared by two Redis-mode nodes', () => {
  let project: Project;
  let redis: RedisServer;
  let a: Server;
  let b: Server;
  before(async () => {
    project = await createProject({ flags: ['--redis'] });
    editLimits(project, {
      actionsPerAddress: { points: 300, durationSec: 60 },
      sayPerAddress: { points: 100, durationSec: 60 },
      // This row is about the shared total; no client is disconnected for going on.
      disconnectAfterRefusals: 1_000_000,
    });
    redis = await startRedis();
    [a, b] = await Promise.all([
      project.start({ REDIS_URL: redis.url }),
      project.start({ REDIS_URL: redis.url }),
    ]);
    // Until its command connection is up, a node counts in its own memory.
    for (const node of [a, b]) {
      await waitUntil(
        () => /"role":"command"[^\n]*"msg":"redis connected"/.test(node.log.join('')),
        'the node to reach Redis',
        10_000,
      );
    }
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.kill();
    project?.remove();
  });

  it('SEC-14: a flood of actions and say split over both nodes is refused at the shared total', async () => {
    const [onA, onB] = await Promise.all([connect(a.url), connect(b.url)]);
    /** `count` requests one after the other (a node answers in turn); how many were let through. */
    const send = async (socket: Socket, event: string, payload: object, count: number) => {
      let ok = 0;
      for (let i = 0; i < count; i++) {
        const reply = await ask(socket, event, payload);
        if (reply.status === 'OK') ok++;
        else assert.match(String(reply.error), TOO_MANY);
      }
      return ok;
    };
    const action = { action: 'randomNumber' };
    const [actionsA, actionsB] = await Promise.all([
      send(onA, 'action', action, 250),
      send(onB, 'action', action, 250),
    ]);
    assert.equal(actionsA + actionsB, 300, `${actionsA} on A + ${actionsB} on B`);
    assert.ok(actionsA > 0 && actionsB > 0, 'both nodes served part of it');

    const said = { message: 'shared' };
    const [saysA, saysB] = await Promise.all([
      send(onA, 'say', said, 80),
      send(onB, 'say', said, 80),
    ]);
    assert.equal(saysA + saysB, 100, `${saysA} on A + ${saysB} on B`);
    for (const socket of [onA, onB]) socket.close();
  });
});
