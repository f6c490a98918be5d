// `npm run bench [-- --quick] [-- --only B1,B5] [-- --reps N] [-- --scale]`: the cases of
// docs/BENCHMARKS.md (or with --scale the scaling table of bench/scale.ts), generated project
// against bare socket.io, alternating, then a table and JSON.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/generator.js';
import { CASES, reportCase } from './cases.js';
import { runGenerator } from './generator.js';
import { prepare } from './prepare.js';
import { SCALE_CASES } from './scale.js';
import { table, writeResults, type CaseReport } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const scale = args.includes('--scale');
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
// `--profile B1`: run B1 alone with both servers under `node --cpu-prof`, then summarise.
const profile = option('--profile');
const only = profile === undefined ? option('--only')?.split(',') : [profile];
const profileDir =
  profile === undefined
    ? undefined
    : join(repoRoot, 'bench/results', `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
// The scaling table's points are many and slow; three repetitions each unless --reps says.
const reps = Number(option('--reps') ?? (quick ? 1 : scale ? 3 : 5));

const started = Date.now();
const log = (message: string): void =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);

log(
  `preparing (${quick ? 'quick' : `${reps} repetitions`}): compile, generate and build two projects, start redis`,
);
const prepared = await prepare();
const reports: CaseReport[] = [];
let failed = false;
try {
  for (const def of scale ? SCALE_CASES : CASES) {
    if (only && !only.includes(def.id)) continue;
    log(`${def.id} ${def.title}`);
    try {
      const runs = await def.run({
        ...prepared,
        quick,
        reps,
        runGenerator,
        ...(profileDir === undefined ? {} : { profileDir }),
      });
      const report = reportCase(def, runs);
      reports.push(report);
      console.log(table([report], quick));
    } catch (err) {
      failed = true;
      log(`${def.id} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }
} finally {
  await prepared.cleanup();
}

const meta = {
  date: new Date().toISOString(),
  quick,
  scale,
  reps,
  node: process.version,
  cpus: cpus().length,
  loadavgAtEnd: loadavg(),
  client:
    'bench/client: engine.io/socket.io wire protocol over ws and raw HTTP long-polling (not socket.io-client)',
};
console.log(`\n${table(reports, quick)}\n`);
log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} on ${cpus().length} cores; results in ${writeResults(join(repoRoot, 'bench/results'), meta, reports)}`,
);
if (profileDir !== undefined) {
  const { summariseProfiles } = await import('./profile.js');
  console.log(summariseProfiles(profileDir));
}
if (failed) process.exitCode = 1;
