// How each kind of case runs: both targets side by side, repetitions alternating generated, bare.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Command, Measurement, RecoveryCommand } from './client/protocol.js';
import { startClient, type LoadClient } from './driver.js';
import { cpuMs } from './proc.js';
import { CLIENT_CORE, moveToCore, pinning, SERVER_CORE } from './pin.js';
import { startServer, type RunningServer, type ServerSpec } from './servers.js';
import type { Sample } from './stats.js';

export type TargetName = 'generated' | 'bare';
export const TARGETS: readonly TargetName[] = ['generated', 'bare'];

export interface Runs {
  generated: Sample[];
  bare: Sample[];
}

type ConnectCommand = Extract<Command, { type: 'connect' }>;
type MeasureCommand = Extract<Command, { type: 'requests' | 'fanout' }>;

export interface LoadCase {
  /** Server processes per target (two for B6), plus any other process whose CPU counts. */
  servers: Record<TargetName, ServerSpec[]>;
  extraPids?: number[];
  connect(urls: string[]): Omit<ConnectCommand, 'type'>;
  measure(pids: number[]): MeasureCommand;
  toSample(m: Measurement): Sample;
}

/** Percent of one core, the busiest of the server processes. */
export const serverPercent = (m: Measurement, servers: number): number =>
  Math.max(...m.serverCpu.slice(0, servers)) * 100;

/**
 * B1–B6: fresh server and client processes for every repetition, the order of the two targets
 * swapped on every other one (generated, bare, bare, generated, …). A process keeps its own
 * speed for life (where V8 placed its code and heap, which core it settled on): on this machine
 * two starts of the same server differed by up to 20% in CPU per request, so one process per
 * target for the whole case measured the luck of that start, not the code. Each repetition warms
 * up before its window (the case's `warmupMs`).
 */
export async function runLoadCase(c: LoadCase, reps: number, workerPath: string): Promise<Runs> {
  const runs: Runs = { generated: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? TARGETS : [...TARGETS].reverse();
    for (const target of order) runs[target].push(await runLoadOnce(c, target, workerPath));
  }
  return runs;
}

/** The server spec as started: on the server's core when the run pins. */
const onServerCore = (spec: ServerSpec, pin: boolean): ServerSpec =>
  pin ? { ...spec, core: SERVER_CORE } : spec;

/** A load client, moved onto the client's core when the run pins. */
function startPinnedClient(workerPath: string, pin: boolean): LoadClient {
  const client = startClient(workerPath);
  if (pin) moveToCore(client.pid, CLIENT_CORE);
  return client;
}

async function runLoadOnce(c: LoadCase, target: TargetName, workerPath: string): Promise<Sample> {
  const servers: RunningServer[] = [];
  let client: LoadClient | undefined;
  // One server: it gets core 0 and the client core 1. Two servers (B6, B11) share the machine
  // with Redis as the scheduler sees fit.
  const pin = pinning && c.servers[target].length === 1;
  try {
    for (const spec of c.servers[target]) servers.push(await startServer(onServerCore(spec, pin)));
    client = startPinnedClient(workerPath, pin);
    await client.connect({ type: 'connect', ...c.connect(servers.map((s) => s.url)) });
    const pids = [...servers.map((s) => s.pid), ...(c.extraPids ?? [])];
    return c.toSample(await client.measure(c.measure(pids)));
  } finally {
    await client?.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** B7: a fresh server per repetition; memory after a forced GC, before and after N idle clients. */
export async function runMemoryCase(
  specs: Record<TargetName, ServerSpec>,
  clientCount: number,
  reps: number,
  workerPath: string,
  path: string,
): Promise<Runs> {
  const runs: Runs = { generated: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const target of TARGETS) {
      const server = await startServer(specs[target]);
      const client = startClient(workerPath);
      try {
        const before = await server.memory();
        const t0 = performance.now();
        const cpu0 = [cpuMs(server.pid), cpuMs(client.pid)];
        const ms = await client.connect({
          type: 'connect',
          transport: 'websocket',
          path,
          endpoints: [{ url: server.url, count: clientCount }],
          settleMs: 500,
        });
        const wall = performance.now() - t0;
        const cpu1 = [cpuMs(server.pid), cpuMs(client.pid)];
        const after = await server.memory();
        runs[target].push({
          'RSS/conn': (after.rss - before.rss) / clientCount / 1024,
          'heap/conn': (after.heapUsed - before.heapUsed) / clientCount / 1024,
          'connect+settle': ms,
          serverCpu: (((cpu1[0] ?? 0) - (cpu0[0] ?? 0)) / wall) * 100,
          clientCpu: (((cpu1[1] ?? 0) - (cpu0[1] ?? 0)) / wall) * 100,
        });
      } finally {
        await client.close();
        await server.stop();
      }
    }
  }
  return runs;
}

/** B8: spawn to the "listening on" line, `node` on the compiled entry. */
export async function runStartCase(
  specs: Record<TargetName, ServerSpec>,
  reps: number,
): Promise<Runs> {
  const runs: Runs = { generated: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const target of TARGETS) {
      const server = await startServer(specs[target]);
      const cpu = cpuMs(server.pid);
      await server.stop();
      runs[target].push({ start: server.startMs, serverCpu: (cpu / server.startMs) * 100 });
    }
  }
  return runs;
}

/** CPU of this process's reaped children (cutime + cstime), in ms. */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * B10: a fresh server per repetition, pinned as runLoadCase pins; `clientCount` clients connect
 * (into the default room), and the rate is clients per second until every one is connected and
 * the server has gone quiet (its room announcements delivered), the quiet period not counted.
 */
export async function runConnectCase(
  specs: Record<TargetName, ServerSpec>,
  clientCount: number,
  reps: number,
  workerPath: string,
  path: string,
): Promise<Runs> {
  const quietMs = 300;
  const runs: Runs = { generated: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const target of TARGETS) {
      const server = await startServer(onServerCore(specs[target], pinning));
      const client = startPinnedClient(workerPath, pinning);
      try {
        const cpu0 = cpuMs(server.pid);
        const ms = await client.connect({
          type: 'connect',
          transport: 'websocket',
          path,
          endpoints: [{ url: server.url, count: clientCount }],
          settleMs: quietMs,
        });
        const busyMs = Math.max(1, ms - quietMs);
        runs[target].push({
          'connections/s': (clientCount / busyMs) * 1000,
          'time to all connected': busyMs,
          'server CPU µs/op': ((cpuMs(server.pid) - cpu0) * 1000) / clientCount,
          serverCpu: ((cpuMs(server.pid) - cpu0) / ms) * 100,
        });
      } finally {
        await client.close();
        await server.stop();
      }
    }
  }
  return runs;
}

/**
 * B12: a fresh server and client per repetition, the whole drop-and-recover scenario in the
 * client (client/recovery.ts); what each receiver missed or got twice, summed.
 */
export async function runRecoveryCase(
  specs: Record<TargetName, ServerSpec>,
  command: Omit<RecoveryCommand, 'type' | 'url' | 'pids'>,
  reps: number,
  workerPath: string,
): Promise<Runs> {
  const runs: Runs = { generated: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const target of TARGETS) {
      const server = await startServer(specs[target]);
      const client = startClient(workerPath);
      try {
        const r = await client.recovery({
          type: 'recovery',
          ...command,
          url: server.url,
          pids: [server.pid],
        });
        const serverCpu = r.serverCpu[0] ?? Number.NaN;
        runs[target].push({
          'messages missed': r.missed,
          duplicates: r.duplicates,
          'connections not recovered': r.receivers - r.recovered,
          'receivers missing some': r.receiversMissing,
          'messages said': r.said,
          'replayed per receiver': r.replayed / r.receivers,
          'says refused': r.refused,
          'time to all reconnected': r.reconnectMs,
          'server CPU µs/delivery': (serverCpu * r.elapsedMs * 1000) / r.deliveries,
          errors: r.refused,
          serverCpu: serverCpu * 100,
          clientCpu: r.clientCpu * 100,
        });
      } finally {
        await client.close();
        await server.stop();
      }
    }
  }
  return runs;
}
