// The client address (remoteIP, which per-address limits count by) behind proxies:
// X-Forwarded-For is believed only from servers.web.trustedProxies, hop by hop, so with none
// configured a client cannot forge its address. Over socket.io (both transports) and HTTP.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { io as connectClient, type Socket } from 'socket.io-client';
import { defineActionMiddleware } from '../src/core/middleware.js';
import type { Reply } from '../src/protocol/events.js';
import { startServer, within, type TestServer } from './helpers.js';

/** Adds the address the action saw (ctx.requester.remoteIP) to every answer. */
const reportAddress = defineActionMiddleware({
  name: 'reportAddress',
  global: true,
  postProcessor(data) {
    data.response.remoteIP = data.ctx.requester.remoteIP;
  },
});

type Transport = 'websocket' | 'polling';

const servers: TestServer[] = [];
const clients: Socket[] = [];

after(async () => {
  for (const client of clients) client.close();
  await Promise.all(servers.map((server) => server.close()));
});

async function serverTrusting(trustedProxies: string[]): Promise<TestServer> {
  const server = await startServer({ servers: { web: { trustedProxies } } }, 5000, {
    middleware: [reportAddress],
  });
  servers.push(server);
  return server;
}

/** A socket.io client whose every request carries `forwardedFor` as X-Forwarded-For. */
function connect(server: TestServer, transport: Transport, forwardedFor: string): Promise<Socket> {
  const client = connectClient(server.url, {
    transports: [transport],
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': forwardedFor },
  });
  clients.push(client);
  return within(
    5000,
    'welcome',
    new Promise((resolve, reject) => {
      client.once('welcome', () => resolve(client));
      client.once('connect_error', reject);
    }),
  );
}

/** The address as socket.io sees it: in detailsView (the connection's) and in an action. */
async function socketAddresses(
  server: TestServer,
  transport: Transport,
  forwardedFor: string,
): Promise<{ connection: string; action: string }> {
  const client = await connect(server, transport, forwardedFor);
  const details = (await client.timeout(5000).emitWithAck('detailsView')) as Reply & {
    details: { remoteIP: string };
  };
  const status = (await client.timeout(5000).emitWithAck('action', { action: 'status' })) as Reply;
  client.close();
  return { connection: details.details.remoteIP, action: String(status.remoteIP) };
}

/** The address an HTTP action saw. */
async function httpAddress(server: TestServer, forwardedFor: string): Promise<string> {
  const response = await fetch(`${server.url}/api/status`, {
    headers: { 'x-forwarded-for': forwardedFor },
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(response.status, 200);
  return String(((await response.json()) as { remoteIP: unknown }).remoteIP);
}

/** What the server answers for every way in, for one X-Forwarded-For: all must agree. */
async function everyWay(server: TestServer, forwardedFor: string): Promise<string> {
  const seen = new Set<string>();
  for (const transport of ['websocket', 'polling'] as const) {
    const { connection, action } = await socketAddresses(server, transport, forwardedFor);
    seen.add(connection).add(action);
  }
  seen.add(await httpAddress(server, forwardedFor));
  assert.equal(seen.size, 1, `every way in sees one address, got ${[...seen].join(', ')}`);
  return [...seen][0] ?? '';
}

describe('client address behind proxies', () => {
  it('ignores a forged X-Forwarded-For with no trusted proxies (the default)', async () => {
    const server = await serverTrusting([]);
    assert.equal(await everyWay(server, '203.0.113.7'), '127.0.0.1');
    assert.equal(await everyWay(server, '203.0.113.7, 10.0.0.1, 127.0.0.1'), '127.0.0.1');
  });

  it('believes X-Forwarded-For from a trusted proxy (loopback)', async () => {
    const server = await serverTrusting(['loopback']);
    assert.equal(await everyWay(server, '203.0.113.7'), '203.0.113.7');
    // IPv4 written as IPv6 is shown as people write it.
    assert.equal(await everyWay(server, '::ffff:203.0.113.8'), '203.0.113.8');
    assert.equal(await everyWay(server, '2001:db8::1'), '2001:db8::1');
  });

  it('skips only trusted hops of a chain, from the right', async () => {
    // The peer (127.0.0.1) and 10.1.2.3 are trusted; 203.0.113.7 is not, so what it claims
    // (198.51.100.1) is not believed.
    const server = await serverTrusting(['127.0.0.1', '10.0.0.0/8']);
    assert.equal(await everyWay(server, '198.51.100.1, 203.0.113.7, 10.1.2.3'), '203.0.113.7');
    const loopbackOnly = await serverTrusting(['loopback']);
    assert.equal(await everyWay(loopbackOnly, '198.51.100.1, 203.0.113.7, 10.1.2.3'), '10.1.2.3');
  });

  it('keeps the nearest address when a trusted proxy passes on something that is none', async () => {
    const server = await serverTrusting(['loopback', '203.0.113.0/24']);
    assert.equal(await everyWay(server, 'unknown'), '127.0.0.1');
    // 203.0.113.7 is trusted too, and passed on "unknown": it stands as the client.
    assert.equal(await everyWay(server, 'unknown, 203.0.113.7'), '203.0.113.7');
  });

  it('refuses to start with a trusted proxy that is no address, naming the field', async () => {
    await assert.rejects(serverTrusting(['10.0.0.0/99']), /servers\.web\.trustedProxies/);
  });
});
