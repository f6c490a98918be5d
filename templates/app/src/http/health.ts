// Liveness (health.livePath) and readiness (health.readyPath) for a load balancer or Kubernetes.
// Both read flags kept in memory and the Redis clients' own status (never a Redis round trip),
// so polling them every second costs next to nothing.

import type { ServerResponse } from 'node:http';

/** What readiness reads; createApp and the shutdown fill it in. */
export interface HealthState {
  /** True once createApp has finished and the server accepts connections. */
  started: () => boolean;
  /** True from the moment shutdown begins (SIGTERM): the balancer should stop sending. */
  stopping: boolean;
  /** With redis.enable: the clients whose `status` must be `ready`. */
  redis: readonly { readonly status: string }[];
}

// The answers that never change are encoded once.
const LIVE = Buffer.from('{"status":"ok"}');
const READY = Buffer.from('{"status":"ready"}');
const STARTING = notReady('starting');
const STOPPING = notReady('shutting down');

function notReady(reason: string): Buffer {
  return Buffer.from(JSON.stringify({ status: 'not ready', reason }));
}

function send(res: ServerResponse, status: number, body: Buffer, head: boolean): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    // A cached answer would hide a change of state from the poller.
    'cache-control': 'no-store',
  });
  res.end(head ? undefined : body);
}

/** The reason this node should not get traffic, or undefined when it is ready. */
export function notReadyReason(health: HealthState): Buffer | undefined {
  if (health.stopping) return STOPPING;
  if (!health.started()) return STARTING;
  for (const client of health.redis) {
    if (client.status !== 'ready') return notReady(`redis not connected (${client.status})`);
  }
  return undefined;
}

/** Answers a request for livePath or readyPath (any other method than GET or HEAD gets 405). */
export function answerHealth(
  health: HealthState,
  res: ServerResponse,
  method: string | undefined,
  live: boolean,
): void {
  const head = method === 'HEAD';
  if (method !== 'GET' && !head) {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
    res.end();
    return;
  }
  if (live) {
    send(res, 200, LIVE, head);
    return;
  }
  const reason = notReadyReason(health);
  if (reason === undefined) send(res, 200, READY, head);
  else send(res, 503, reason, head);
}
