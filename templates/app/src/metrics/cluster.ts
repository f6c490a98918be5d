// Metrics under start:cluster: a worker answers GET metrics.path with every worker's metrics
// summed. prom-client's AggregatorRegistry collects them over the cluster's IPC channel, and only
// the primary may ask for that, so the worker that got the scrape asks the primary, which asks
// every worker (this one included) and sends the sum back.
//
// Why not answer on the primary itself: @socket.io/sticky owns the primary's connections and
// hands each to a worker by reading its first bytes; answering some requests there would mean
// parsing HTTP ahead of it. Asking over IPC keeps one HTTP path, token check included.

import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'actionhero-ws:metrics-ask';
const ANSWER = 'actionhero-ws:metrics-answer';

/** How long a worker waits for the sum (prom-client gives up on a silent worker after 5 s). */
const ANSWER_TIMEOUT_MS = 10_000;

interface Ask {
  type: typeof ASK;
  id: number;
}
interface Answer {
  type: typeof ANSWER;
  id: number;
  body?: string;
  error?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return (
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type
  );
}

/** In the primary: answers the workers' requests for the cluster's summed metrics. */
export function aggregateForWorkers(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<Ask>(message, ASK)) return;
    const reply = (answer: Omit<Answer, 'type' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...answer });
    };
    aggregator.clusterMetrics().then(
      (body) => reply({ body }),
      (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

/**
 * In a worker, once it is ready: lets the primary read `registry`, and returns how to get the
 * cluster's sum. Call it in the tick the worker stops holding IPC messages, so a request of the
 * primary that was held is answered exactly once.
 */
export function joinCluster(registry: Registry): () => Promise<string> {
  // Constructing one adds prom-client's worker listener; setRegistries says what it reports.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries(registry);
  let next = 0;
  const waiting = new Map<number, { resolve(body: string): void; reject(err: Error): void }>();
  process.on('message', (message: unknown) => {
    if (!isMessage<Answer>(message, ANSWER)) return;
    const waiter = waiting.get(message.id);
    if (waiter === undefined) return;
    waiting.delete(message.id);
    if (message.body !== undefined) waiter.resolve(message.body);
    else waiter.reject(new Error(`the primary could not sum the metrics: ${message.error ?? ''}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary did not answer with the metrics in time'));
      }, ANSWER_TIMEOUT_MS);
      waiting.set(id, {
        resolve(body) {
          clearTimeout(timer);
          resolve(body);
        },
        reject(err) {
          clearTimeout(timer);
          reject(err);
        },
      });
      process.send?.({ type: ASK, id } satisfies Ask);
    });
}
