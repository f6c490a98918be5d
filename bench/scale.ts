// `npm run bench -- --scale`: how the cost grows with the work. B1 at 50, 500 and 5,000 clients,
// B5 at 100, 1,000 and 10,000 receivers, and B7's memory at 2,000 and 10,000 idle connections,
// each beside bare socket.io, so the ratio can be read along the row: flat, or where it bends.
import {
  cpuPerOp,
  fanoutCase,
  PATH,
  requestCase,
  rps,
  withProbe,
  type BenchContext,
  type CaseDef,
} from './cases.js';
import { runMemoryCase } from './runners.js';

/** --quick shrinks every point tenfold, so CI can check the table is made. */
const at = (ctx: BenchContext, n: number): number => (ctx.quick ? Math.max(1, n / 10) : n);

const throughput = (clients: number): CaseDef =>
  requestCase(
    `B1@${clients}`,
    `\`action\` round trip, ${clients} clients × 1 in flight`,
    [rps(), cpuPerOp(), { name: 'p99', unit: 'ms' }],
    (ctx) => ({ clients: at(ctx, clients), inFlight: 1 }),
  );

const fanout = (receivers: number): CaseDef =>
  fanoutCase(
    `B5@${receivers}`,
    `\`say\` to a room of ${receivers} receivers`,
    false,
    [{ name: 'deliveries/s', unit: '/s' }, cpuPerOp(), { name: 'p99', unit: 'ms' }],
    undefined,
    (ctx) => at(ctx, receivers),
  );

const memory = (connections: number): CaseDef => ({
  id: `B7@${connections}`,
  title: `${connections} idle clients: memory per connection (after forced GC)`,
  metrics: [
    { name: 'RSS/conn', unit: 'KiB' },
    { name: 'heap/conn', unit: 'KiB' },
    { name: 'connect+settle', unit: 'ms' },
  ],
  run: (ctx) =>
    runMemoryCase(
      {
        generated: withProbe(ctx.generated, ctx.probePath),
        bare: withProbe(ctx.bare, ctx.probePath),
      },
      at(ctx, connections),
      ctx.reps,
      ctx.workerPath,
      PATH,
    ),
});

export const SCALE_CASES: CaseDef[] = [
  ...[50, 500, 5000].map(throughput),
  ...[100, 1000, 10_000].map(fanout),
  ...[2000, 10_000].map(memory),
];
