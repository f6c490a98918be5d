// B1–B14 (docs/BENCHMARKS.md explains them): what each drives, what it measures, and its floor.
import type { Measurement } from './client/protocol.js';
import type { CaseReport } from './report.js';
import {
  runConnectCase,
  runLoadCase,
  runMemoryCase,
  runRecoveryCase,
  runStartCase,
  serverPercent,
  type Runs,
} from './runners.js';
import type { Prepared } from './prepare.js';
import type { ServerSpec } from './servers.js';
import { summarise, type MetricSpec, type Sample } from './stats.js';

/** What prepare.ts made (the servers, the client's paths, Redis's pid), plus the run's options. */
export interface BenchContext extends Pick<
  Prepared,
  | 'workerPath'
  | 'probePath'
  | 'generated'
  | 'generatedRedis'
  | 'bare'
  | 'bareRedis'
  | 'project'
  | 'bareWith'
  | 'redisPid'
  | 'secured'
  | 'unsecured'
  | 'instrumented'
  | 'token'
> {
  quick: boolean;
  reps: number;
  /** With `--profile`: the folder the servers write their CPU profiles to. */
  profileDir?: string;
  /** B9, run by the caller (it needs no server). */
  runGenerator(reps: number): Promise<Runs>;
}

export const PATH = '/socket.io';
const ACTION = '["action",{"action":"randomNumber"}]';

/**
 * Server CPU µs spent per request (or per delivery), all server processes together: what the
 * server pays for each unit of work, which a crowded machine slows but does not change.
 */
const serverMicrosPerOp = (m: Measurement, servers: number): number =>
  (m.serverCpu.slice(0, servers).reduce((a, b) => a + b, 0) * m.elapsedMs * 1000) / m.count;

/** One measurement as a sample: `rate` names the rate (requests/s or deliveries/s). */
function toSample(m: Measurement, servers: number, rate: 'requests/s' | 'deliveries/s'): Sample {
  return {
    [rate]: (m.count / m.elapsedMs) * 1000,
    'server CPU µs/op': serverMicrosPerOp(m, servers),
    p50: m.p50,
    p99: m.p99,
    errors: m.errors,
    serverCpu: serverPercent(m, servers),
    clientCpu: m.clientCpu * 100,
    // A Redis process measured beside the servers (B6) has its CPU reported too.
    ...(m.serverCpu.length > servers ? { redisCpu: (m.serverCpu[servers] ?? 0) * 100 } : {}),
  };
}

export interface CaseDef {
  id: string;
  title: string;
  metrics: MetricSpec[];
  run(ctx: BenchContext): Promise<Runs>;
}

/** Server CPU per request or delivery; where a ceiling is given, as a ratio to the other side. */
export const cpuPerOp = (ceiling?: number): MetricSpec => ({
  name: 'server CPU µs/op',
  unit: 'µs',
  ...(ceiling === undefined ? {} : { floor: { kind: 'ratio-max', value: ceiling } }),
});

export const rps = (floor?: number): MetricSpec => ({
  name: 'requests/s',
  unit: 'req/s',
  ...(floor === undefined ? {} : { floor: { kind: 'ratio-min', value: floor } }),
});

/** The server under `node --cpu-prof`, writing NAME.cpuprofile into dir when it exits. */
function profiled(spec: ServerSpec, dir: string | undefined, name: string): ServerSpec {
  if (dir === undefined) return spec;
  return {
    ...spec,
    nodeArgs: [
      ...(spec.nodeArgs ?? []),
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      '--cpu-prof-name',
      `${name}.cpuprofile`,
    ],
  };
}

interface RequestShape {
  clients: number;
  inFlight: number;
  polling?: boolean;
  /** The two servers compared; generated project against bare socket.io unless said. */
  servers?: { generated: ServerSpec; bare: ServerSpec };
  /** The handshake's auth payload. */
  auth?: Record<string, unknown>;
}

export function requestCase(
  id: string,
  title: string,
  metrics: MetricSpec[],
  shape: (ctx: BenchContext) => RequestShape,
): CaseDef {
  return {
    id,
    title,
    metrics,
    run: (ctx) => {
      const { clients, inFlight, polling, auth } = shape(ctx);
      const pair = shape(ctx).servers ?? { generated: ctx.generated, bare: ctx.bare };
      const servers = {
        generated: profiled(pair.generated, ctx.profileDir, `${id}-generated`),
        bare: profiled(pair.bare, ctx.profileDir, `${id}-bare`),
      };
      const warmupMs = ctx.quick ? 300 : 2000;
      const durationMs = ctx.quick ? 1000 : 5000;
      return runLoadCase(
        {
          servers: { generated: [servers.generated], bare: [servers.bare] },
          connect: ([url = '']) => ({
            transport: polling ? 'polling' : 'websocket',
            path: PATH,
            endpoints: [{ url, count: clients }],
            settleMs: 300,
            ...(auth === undefined ? {} : { auth }),
          }),
          measure: (pids) => ({
            type: 'requests',
            event: ACTION,
            inFlight,
            warmupMs,
            durationMs,
            pids,
          }),
          toSample: (m) => toSample(m, 1, 'requests/s'),
        },
        ctx.reps,
        ctx.workerPath,
      );
    },
  };
}

/** Two processes of each through Redis: the generated project's and bare socket.io's. */
type RedisPair = (ctx: BenchContext) => Promise<{ generated: ServerSpec; bare: ServerSpec }>;

export function fanoutCase(
  id: string,
  title: string,
  /** Through Redis, two processes each: B6's pair (`true`) or another (B11's adapters). */
  redis: boolean | RedisPair,
  metrics: MetricSpec[],
  /** The two single-process servers compared; generated project against bare socket.io unless said. */
  pairOf?: (ctx: BenchContext) => { generated: ServerSpec; bare: ServerSpec },
  /** Receivers in the room; 1000 (100 with --quick) unless said. */
  receiversOf: (ctx: BenchContext) => number = (ctx) => (ctx.quick ? 100 : 1000),
): CaseDef {
  return {
    id,
    title,
    metrics,
    run: async (ctx) => {
      const pair = pairOf?.(ctx) ?? { generated: ctx.generated, bare: ctx.bare };
      const redisPair =
        redis === false
          ? undefined
          : redis === true
            ? { generated: ctx.generatedRedis, bare: ctx.bareRedis }
            : await redis(ctx);
      const receivers = receiversOf(ctx);
      const servers = redisPair ? 2 : 1;
      const warmupMs = ctx.quick ? 300 : 1000;
      const durationMs = ctx.quick ? 1000 : 4000;
      return runLoadCase(
        {
          servers: redisPair
            ? {
                generated: [redisPair.generated, redisPair.generated],
                bare: [redisPair.bare, redisPair.bare],
              }
            : { generated: [pair.generated], bare: [pair.bare] },
          ...(redisPair ? { extraPids: [ctx.redisPid] } : {}),
          // The sender is the first connection, on the first server; receivers split evenly.
          connect: (urls) => ({
            transport: 'websocket',
            path: PATH,
            endpoints: urls.map((url, i) => ({
              url,
              count: receivers / servers + (i === 0 ? 1 : 0),
            })),
            settleMs: 500,
          }),
          measure: (pids) => ({ type: 'fanout', warmupMs, durationMs, pids }),
          toSample: (m) => toSample(m, servers, 'deliveries/s'),
        },
        ctx.reps,
        ctx.workerPath,
      );
    },
  };
}

/**
 * B14: B1 and B5 on a project with metrics on ("generated" column) against the same project with
 * metrics off ("bare" column). One case, so its rows sit together: repetition i of B1 and of B5
 * make sample i (B5's figures under their own names).
 */
function metricsCase(): CaseDef {
  const servers = (ctx: BenchContext) => ({ generated: ctx.instrumented, bare: ctx.generated });
  const b1 = requestCase('B14', '', [], (ctx) => ({
    clients: 50,
    inFlight: 1,
    servers: servers(ctx),
  }));
  const b5 = fanoutCase('B14', '', false, [], servers);
  const merge = (requests: Sample[], deliveries: Sample[]): Sample[] =>
    requests.map((r, i) => ({
      ...r,
      'deliveries/s': deliveries[i]?.['deliveries/s'] ?? Number.NaN,
      'server CPU µs/delivery': deliveries[i]?.['server CPU µs/op'] ?? Number.NaN,
    }));
  return {
    id: 'B14',
    title: 'B1 and B5 with metrics on, against the same project with metrics off ("bare" column)',
    metrics: [
      rps(0.97),
      cpuPerOp(),
      { name: 'deliveries/s', unit: '/s', floor: { kind: 'ratio-min', value: 0.97 } },
      { name: 'server CPU µs/delivery', unit: 'µs' },
      { name: 'p99', unit: 'ms' },
    ],
    run: async (ctx) => {
      const requests = await b1.run(ctx);
      const deliveries = await b5.run(ctx);
      return {
        generated: merge(requests.generated, deliveries.generated),
        bare: merge(requests.bare, deliveries.bare),
      };
    },
  };
}

const ADAPTERS = ['pubsub', 'sharded', 'streams'] as const;

/**
 * B11: B6 once per redis.adapter mode, the generated project made with `--redis-adapter MODE`
 * against bare socket.io with the same adapter (BENCH_ADAPTER), two processes each. One case per
 * mode, all with the id B11, so `--only B11` runs the three.
 */
const adapterCase = (mode: (typeof ADAPTERS)[number]): CaseDef =>
  fanoutCase(
    'B11',
    `\`${mode}\` adapter: B5 across two processes through Redis (500 + 500)`,
    async (ctx) => ({
      generated: await ctx.project(['--redis', '--redis-adapter', mode]),
      bare: { ...ctx.bareRedis, env: { ...ctx.bareRedis.env, BENCH_ADAPTER: mode } },
    }),
    [
      { name: 'deliveries/s', unit: '/s', floor: { kind: 'ratio-min', value: 0.9 } },
      cpuPerOp(),
      { name: 'p50', unit: 'ms' },
      { name: 'p99', unit: 'ms' },
      { name: 'redisCpu', unit: '%' },
    ],
  );

/**
 * B12: connectionStateRecovery without Redis (socket.io's in-memory adapter keeps the missed
 * packets), the generated project made with `--setting connectionStateRecovery` against bare
 * socket.io with the option on. Counts, not rates: every receiver must come back with its id and
 * get every message of the gap exactly once, on both servers.
 */
const recoveryCase: CaseDef = {
  id: 'B12',
  title:
    'recovery on, no Redis: 200 clients cut for 1 s and back with their session while 50 messages/s are said',
  metrics: [
    { name: 'messages missed', unit: 'msgs', floor: { kind: 'each-max', value: 0 } },
    { name: 'duplicates', unit: 'msgs', floor: { kind: 'each-max', value: 0 } },
    { name: 'connections not recovered', unit: 'conns', floor: { kind: 'each-max', value: 0 } },
    { name: 'messages said', unit: 'msgs' },
    { name: 'replayed per receiver', unit: 'msgs' },
    { name: 'time to all reconnected', unit: 'ms' },
    { name: 'server CPU µs/delivery', unit: 'µs' },
  ],
  run: async (ctx) =>
    runRecoveryCase(
      {
        generated: await ctx.project(['--setting', 'connectionStateRecovery']),
        bare: ctx.bareWith({ BENCH_RECOVERY: '1' }),
      },
      {
        path: PATH,
        receivers: ctx.quick ? 50 : 200,
        ratePerSecond: 50,
        beforeMs: ctx.quick ? 500 : 1000,
        dropMs: 1000,
        afterMs: ctx.quick ? 500 : 1000,
        drainMs: 3000,
      },
      ctx.reps,
      ctx.workerPath,
    ),
};

export const withProbe = (spec: ServerSpec, probePath: string): ServerSpec => ({
  ...spec,
  nodeArgs: [...(spec.nodeArgs ?? []), '--expose-gc', '--import', probePath],
});

export const CASES: CaseDef[] = [
  requestCase(
    'B1',
    '`action` round trip, websocket, 50 clients × 1 in flight',
    [
      rps(0.95),
      cpuPerOp(1.05),
      { name: 'p50', unit: 'ms' },
      { name: 'p99', unit: 'ms', floor: { kind: 'ratio-max', value: 1.25 } },
    ],
    () => ({ clients: 50, inFlight: 1 }),
  ),
  requestCase(
    'B2a',
    '500 clients × 1 in flight',
    [rps(0.95), cpuPerOp(1.05), { name: 'p99', unit: 'ms' }],
    (ctx) => ({
      clients: ctx.quick ? 100 : 500,
      inFlight: 1,
    }),
  ),
  requestCase(
    'B2b',
    '50 clients × 10 in flight',
    [rps(0.95), cpuPerOp(1.05), { name: 'p99', unit: 'ms' }],
    () => ({
      clients: 50,
      inFlight: 10,
    }),
  ),
  requestCase(
    'B3',
    '1 client × 1 in flight',
    [{ name: 'p50', unit: 'ms', floor: { kind: 'ratio-max', value: 1.1 } }, rps(), cpuPerOp(1.05)],
    () => ({ clients: 1, inFlight: 1 }),
  ),
  requestCase(
    'B4',
    'polling only, 50 clients × 1 in flight',
    [rps(0.85), cpuPerOp(), { name: 'p99', unit: 'ms' }],
    () => ({
      clients: 50,
      inFlight: 1,
      polling: true,
    }),
  ),
  fanoutCase('B5', '`say` to a room of 1000 receivers', false, [
    { name: 'deliveries/s', unit: '/s', floor: { kind: 'ratio-min', value: 0.95 } },
    cpuPerOp(),
    { name: 'p50', unit: 'ms' },
    { name: 'p99', unit: 'ms', floor: { kind: 'ratio-max', value: 1.3 } },
  ]),
  fanoutCase('B6', 'B5 across two processes through Redis (500 + 500)', true, [
    { name: 'deliveries/s', unit: '/s', floor: { kind: 'ratio-min', value: 0.9 } },
    cpuPerOp(),
    { name: 'p50', unit: 'ms' },
    { name: 'p99', unit: 'ms' },
  ]),
  {
    id: 'B7',
    title: '2000 idle clients: memory per connection (after forced GC)',
    metrics: [
      { name: 'RSS/conn', unit: 'KiB', floor: { kind: 'diff-max', value: 8 } },
      { name: 'heap/conn', unit: 'KiB' },
      { name: 'connect+settle', unit: 'ms' },
    ],
    run: (ctx) =>
      runMemoryCase(
        {
          generated: withProbe(ctx.generated, ctx.probePath),
          bare: withProbe(ctx.bare, ctx.probePath),
        },
        ctx.quick ? 200 : 2000,
        ctx.reps,
        ctx.workerPath,
        PATH,
      ),
  },
  {
    id: 'B8',
    title: 'process start to listening (node on compiled entry)',
    metrics: [{ name: 'start', unit: 'ms', floor: { kind: 'diff-max', value: 40 } }],
    run: (ctx) => runStartCase({ generated: ctx.generated, bare: ctx.bare }, ctx.reps),
  },
  {
    id: 'B10',
    title: '2000 clients connect into one room, announcements on with the default cap',
    metrics: [
      { name: 'connections/s', unit: '/s', floor: { kind: 'ratio-min', value: 0.5 } },
      { name: 'time to all connected', unit: 'ms' },
      cpuPerOp(),
    ],
    run: (ctx) =>
      runConnectCase(
        { generated: ctx.generated, bare: ctx.bare },
        ctx.quick ? 200 : 2000,
        ctx.reps,
        ctx.workerPath,
        PATH,
      ),
  },
  ...ADAPTERS.map(adapterCase),
  recoveryCase,
  requestCase(
    'B13',
    'B1 with sign-in, a global action middleware and rate limits, against the same project without ("bare" column)',
    [rps(0.9), cpuPerOp(1.1), { name: 'p50', unit: 'ms' }, { name: 'p99', unit: 'ms' }],
    (ctx) => ({
      clients: 50,
      inFlight: 1,
      servers: { generated: ctx.secured, bare: ctx.unsecured },
      auth: { token: ctx.token },
    }),
  ),
  metricsCase(),
  {
    id: 'B9',
    title: 'generator: create-actionhero-ws DIR --defaults --skip-install',
    metrics: [{ name: 'wall', unit: 'ms', floor: { kind: 'abs-max', value: 1000 } }],
    run: (ctx) => ctx.runGenerator(ctx.reps),
  },
];

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

export function reportCase(def: CaseDef, runs: Runs): CaseReport {
  const cpuOf = (samples: Sample[]): { server: number; client: number } => ({
    server: median(samples.map((s) => s.serverCpu ?? Number.NaN)),
    client: median(samples.map((s) => s.clientCpu ?? Number.NaN)),
  });
  const notes: string[] = [];
  for (const [target, samples] of Object.entries(runs) as [string, Sample[]][]) {
    const errors = samples.reduce((sum, s) => sum + (s.errors ?? 0), 0);
    if (errors > 0) notes.push(`${target}: ${errors} error replies or undelivered messages`);
    const cpu = cpuOf(samples);
    if (cpu.client >= 95 && cpu.server < 90) {
      notes.push(
        `${target}: client at ${cpu.client.toFixed(0)}% CPU, server at ${cpu.server.toFixed(0)}%: the load generator is the limit`,
      );
    }
  }
  const metrics = def.metrics.map((m) => summarise(m, runs.generated, runs.bare));
  // A count held to "every run" (B12) binds bare socket.io too; the verdict column is the generated one's.
  for (const m of metrics) {
    if (m.floor?.kind === 'each-max' && m.bare !== undefined && m.bare.max > m.floor.value) {
      notes.push(`bare: ${m.name} up to ${m.bare.max}, above the floor of ${m.floor.value}`);
    }
  }
  return {
    id: def.id,
    title: def.title,
    metrics,
    cpu: { generated: cpuOf(runs.generated), bare: cpuOf(runs.bare) },
    notes,
    runs,
  };
}
