// The generated deploy/nginx.conf, run by Debian's nginx in front of two Redis-mode nodes, as a
// user would run it (only the upstream addresses, the listen port and nginx's own file paths
// changed; see helpers/nginx.ts): both transports chat across nodes, a polling session stays on
// its node, /readyz passes through, and X-Forwarded-For becomes remoteIP only when the nodes
// trust nginx (servers.web.trustedProxies).
//
// nginx's ip_hash keys an IPv4 client by its first three parts, so the clients here connect from
// different loopback /24s (127.0.N.1) to land on different nodes.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { startNginx, type Nginx } from '../helpers/nginx.js';
import { waitUntil } from '../helpers/process.js';
import { createProject, type Project, type Server } from '../helpers/project.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

type Transport = 'websocket' | 'polling';

interface Reply {
  status?: string;
  error?: string;
  [key: string]: unknown;
}

const sockets: Socket[] = [];

/** A socket.io client through nginx from `localAddress`, welcomed (bounded). */
function connect(
  url: string,
  localAddress: string,
  transports: Transport[],
  forwardedFor?: string,
): Promise<Socket> {
  const socket = io(url, {
    transports,
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    // Polling goes through the agent, the websocket through both: each binds to localAddress.
    agent: new Agent({ localAddress }) as unknown as string,
    localAddress,
    ...(forwardedFor === undefined ? {} : { extraHeaders: { 'x-forwarded-for': forwardedFor } }),
  } as Parameters<typeof io>[1]);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome through nginx`)), 10_000);
    socket.once('welcome', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function ask(socket: Socket, event: string, payload: unknown = {}): Promise<Reply> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Reply>;
}

async function pidOf(socket: Socket): Promise<number> {
  return (await ask(socket, 'action', { action: 'status' })).pid as number;
}

async function remoteIPOf(socket: Socket): Promise<string> {
  return ((await ask(socket, 'detailsView')).details as { remoteIP: string }).remoteIP;
}

/** The remoteIP an HTTP action was given (`requestorInformation` in every /api/ answer). */
async function httpRemoteIP(url: string, localAddress: string, forwardedFor?: string) {
  const { status, body } = await getFrom(`${url}/api/status`, localAddress, forwardedFor);
  assert.equal(status, 200);
  return (body.requestorInformation as { remoteIP: string }).remoteIP;
}

/** GET through nginx from `localAddress`: the status code and the JSON body. */
function getFrom(
  url: string,
  localAddress: string,
  forwardedFor?: string,
): Promise<{ status: number; body: Reply }> {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return new Promise((resolve, reject) => {
    const request = get(url, { localAddress, headers, timeout: 10_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Reply }),
      );
    });
    request.once('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.once('error', reject);
  });
}

/** Says from `from` until `to` hears it (bounded): Redis subscriptions settle after start. */
async function sayUntilHeard(from: Socket, to: Socket): Promise<void> {
  const tag = `ping-${Math.random().toString(36).slice(2)}`;
  let heard = false;
  const listener = (message: { message: string }): void => {
    if (message.message.startsWith(tag)) heard = true;
  };
  to.on('say', listener);
  try {
    let n = 0;
    await waitUntil(
      async () => {
        if (!heard) await ask(from, 'say', { message: `${tag}-${n++}` });
        return heard;
      },
      'a say to cross between nodes through nginx',
      20_000,
    );
  } finally {
    to.off('say', listener);
  }
}

function heard(socket: Socket, text: string): Promise<{ from: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${text}" never arrived`)), 10_000);
    const listener = (message: { message: string; from: string }): void => {
      if (message.message !== text) return;
      clearTimeout(timer);
      socket.off('say', listener);
      resolve(message);
    };
    socket.on('say', listener);
  });
}

describe("the generated deploy/nginx.conf, run by Debian's nginx, in front of two nodes", () => {
  let project: Project;
  let redis: RedisServer;
  let nodes: Server[] = [];
  let nginx: Nginx;
  /** Two client addresses that nginx sends to different nodes, and each one's node pid. */
  let here: { address: string; pid: number };
  let there: { address: string; pid: number };

  async function startNodes(trustedProxies: string[], ports: number[] = []): Promise<void> {
    const file = join(project.dir, 'config/config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      servers: { web: Record<string, unknown> };
    };
    config.servers.web.trustedProxies = trustedProxies;
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    nodes = await Promise.all(
      [0, 1].map((i) =>
        project.start({
          REDIS_URL: redis.url,
          ...(ports[i] === undefined ? {} : { PORT: String(ports[i]) }),
        }),
      ),
    );
  }

  async function stopNodes(): Promise<void> {
    const codes = await Promise.all(nodes.map((node) => node.stop()));
    assert.deepEqual(codes, [0, 0], 'both nodes exit 0 on SIGTERM');
  }

  before(async () => {
    project = await createProject({ flags: ['--redis'] });
    redis = await startRedis();
    await startNodes([]);
    nginx = await startNginx(
      join(project.dir, 'deploy/nginx.conf'),
      nodes.map((node) => `127.0.0.1:${node.port}`),
    );
    // Which node each client /24 lands on: find one address for each node.
    const byPid = new Map<number, string>();
    for (let n = 1; n < 64 && byPid.size < 2; n++) {
      const address = `127.0.${n}.1`;
      const { status, body } = await getFrom(`${nginx.url}/api/status`, address);
      assert.equal(status, 200);
      if (!byPid.has(body.pid as number)) byPid.set(body.pid as number, address);
    }
    const found = [...byPid].map(([pid, address]) => ({ pid, address }));
    assert.equal(found.length, 2, 'some client addresses land on each node');
    [here, there] = found as [{ address: string; pid: number }, { address: string; pid: number }];
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await nginx?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.kill();
    project?.remove();
  });

  it('passes /readyz and /healthz through', async () => {
    for (const path of ['/readyz', '/healthz']) {
      const { status } = await getFrom(`${nginx.url}${path}`, here.address);
      assert.equal(status, 200, path);
    }
  });

  it('a polling client and a websocket client on different nodes chat both ways', async () => {
    const polling = await connect(nginx.url, here.address, ['polling']);
    const websocket = await connect(nginx.url, there.address, ['websocket']);
    assert.equal(polling.io.engine.transport.name, 'polling');
    assert.equal(websocket.io.engine.transport.name, 'websocket');
    assert.equal(await pidOf(polling), here.pid);
    assert.equal(await pidOf(websocket), there.pid);

    await sayUntilHeard(polling, websocket);
    await sayUntilHeard(websocket, polling);
    const toWebsocket = heard(websocket, 'from polling');
    assert.equal((await ask(polling, 'say', { message: 'from polling' })).status, 'OK');
    assert.equal((await toWebsocket).from, polling.id);
    const toPolling = heard(polling, 'from websocket');
    assert.equal((await ask(websocket, 'say', { message: 'from websocket' })).status, 'OK');
    assert.equal((await toPolling).from, websocket.id);
    polling.close();
    websocket.close();
  });

  it('every request of a polling session reaches the node that holds it', async () => {
    const polling = await connect(nginx.url, there.address, ['polling']);
    const sid = polling.io.engine.id;
    for (let i = 0; i < 15; i++) assert.equal(await pidOf(polling), there.pid);
    polling.close();
    let port: number | undefined;
    for (const node of nodes)
      if ((await getFrom(`${node.url}/api/status`, '127.0.0.1')).body.pid === there.pid)
        port = node.port;
    assert.ok(port !== undefined, 'the node that answered is one of the two');
    // nginx's own account: each request of the session, and which upstream served it.
    const mine = (): ReturnType<Nginx['accessLog']> =>
      nginx.accessLog().filter((line) => line.uri.includes(`sid=${sid}`));
    await waitUntil(() => mine().length >= 30, 'nginx to log the session’s requests');
    const upstreams = new Set(mine().map((line) => line.upstream));
    assert.deepEqual([...upstreams], [`127.0.0.1:${port}`]);
    assert.ok(mine().every((line) => line.status === 200));
  });

  it('without trusted proxies, remoteIP is nginx (127.0.0.1), whatever the client forwards', async () => {
    const plain = await connect(nginx.url, here.address, ['websocket']);
    assert.equal(await remoteIPOf(plain), '127.0.0.1');
    const forged = await connect(nginx.url, here.address, ['polling'], '203.0.113.9');
    assert.equal(await remoteIPOf(forged), '127.0.0.1');
    assert.equal(await httpRemoteIP(nginx.url, here.address, '203.0.113.9'), '127.0.0.1');
    plain.close();
    forged.close();
  });

  it('with nginx trusted, remoteIP is the address nginx forwarded, hop by hop', async () => {
    const ports = nodes.map((node) => node.port);
    await stopNodes();
    // Trusting exactly nginx's address: a client's own X-Forwarded-For is not believed.
    await startNodes(['127.0.0.1'], ports);
    for (const transport of ['websocket', 'polling'] as const) {
      const plain = await connect(nginx.url, here.address, [transport]);
      assert.equal(await remoteIPOf(plain), here.address, transport);
      const forged = await connect(nginx.url, there.address, [transport], '203.0.113.9');
      assert.equal(await remoteIPOf(forged), there.address, transport);
      plain.close();
      forged.close();
    }
    assert.equal(await httpRemoteIP(nginx.url, here.address), here.address);
    assert.equal(await httpRemoteIP(nginx.url, there.address, '203.0.113.9'), there.address);

    await stopNodes();
    // Trusting every loopback address: nginx's forwarded address too, and past it what a
    // loopback client forwards itself (it is in the trusted range).
    await startNodes(['loopback'], ports);
    const plain = await connect(nginx.url, here.address, ['websocket']);
    assert.equal(await remoteIPOf(plain), here.address);
    const forwarding = await connect(nginx.url, there.address, ['polling'], '203.0.113.9');
    assert.equal(await remoteIPOf(forwarding), '203.0.113.9');
    plain.close();
    forwarding.close();
  });
});
