// What went wrong with Redis, in words a client can act on: "not connected" only when it is not.

/** The connection itself is missing: down, not yet up, or timed out. */
const NOT_CONNECTED =
  /enableOfflineQueue|Connection is closed|isn't ready|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Command timed out|None of startup nodes|Failed to refresh slots/i;

/** No part of the cluster is reachable (the client has never been, or is no longer, connected). */
const CLUSTER_UNREACHABLE = /isn't ready|None of startup nodes|Failed to refresh slots/i;

/** A cluster that refuses for now: failing over, a master lost, or slots on the move. */
const CLUSTER_CODE = /\b(CLUSTERDOWN|TRYAGAIN|MOVED|ASK)\b/;

/** The reason a Redis command failed, for the error a cache action answers. */
export function unavailableReason(err: unknown, cluster: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = CLUSTER_CODE.exec(message)?.[1];
  if (code === 'CLUSTERDOWN') {
    return 'the Redis Cluster is down (CLUSTERDOWN: a master is lost or failing over); retry shortly';
  }
  if (code !== undefined) {
    return `the Redis Cluster is moving slots (${code}: a failover or a resharding); retry shortly`;
  }
  if (cluster && CLUSTER_UNREACHABLE.test(message)) return 'the Redis Cluster is not connected';
  // On a cluster the other masters may well be up: name the part that is not.
  const outOfReach =
    'the Redis Cluster has a master out of reach (lost or failing over); retry shortly';
  if (message.startsWith('Too many Cluster redirections')) return outOfReach;
  if (NOT_CONNECTED.test(message)) return cluster ? outOfReach : 'Redis is not connected';
  return `Redis answered: ${(message.split('\n')[0] ?? '').slice(0, 200)}`;
}
