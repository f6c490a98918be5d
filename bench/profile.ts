// `npm run bench -- --profile B1`: reads the two CPU profiles the servers wrote and prints where
// each spent its time, by package and by function, side by side (generated beside bare).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per key, and the busy total (idle excluded). */
interface Tally {
  busyMs: number;
  byPackage: Map<string, number>;
  byFunction: Map<string, number>;
}

/** Where code lives, in the words a reader knows: a package, Node itself, or the project. */
function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node (core)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1] !== undefined) return inModules[1];
  return 'the project';
}

function functionOf(frame: CallFrame): string {
  const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return file === '' ? name : `${name} ${file}:${frame.lineNumber + 1}`;
}

function tally(profile: CpuProfile): Tally {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const result: Tally = { busyMs: 0, byPackage: new Map(), byFunction: new Map() };
  const add = (map: Map<string, number>, key: string, ms: number): void => {
    map.set(key, (map.get(key) ?? 0) + ms);
  };
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    result.busyMs += ms;
    add(result.byPackage, packageOf(frame.url), ms);
    add(result.byFunction, functionOf(frame), ms);
  });
  return result;
}

function sideBySide(
  title: string,
  generated: Map<string, number>,
  bare: Map<string, number>,
  rows: number,
): string {
  const keys = [...new Set([...generated.keys(), ...bare.keys()])]
    .sort((a, b) => (generated.get(b) ?? 0) - (generated.get(a) ?? 0))
    .slice(0, rows);
  const ms = (value: number | undefined): string => (value ?? 0).toFixed(0);
  return [
    `| ${title} | generated ms | bare ms |`,
    '| --- | --- | --- |',
    ...keys.map((key) => `| ${key} | ${ms(generated.get(key))} | ${ms(bare.get(key))} |`),
  ].join('\n');
}

/** The summary for every CASE-generated / CASE-bare pair of profiles in dir. */
export function summariseProfiles(dir: string): string {
  const files = readdirSync(dir).filter((file) => file.endsWith('-generated.cpuprofile'));
  const parts = [`CPU profiles in ${dir} (open them in Chrome DevTools or speedscope)`];
  for (const file of files) {
    const id = file.slice(0, -'-generated.cpuprofile'.length);
    const read = (name: string): Tally =>
      tally(JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile);
    const generated = read(file);
    const bare = read(`${id}-bare.cpuprofile`);
    parts.push(
      `\n${id}: busy ${generated.busyMs.toFixed(0)} ms generated, ${bare.busyMs.toFixed(0)} ms bare (the whole run: start, connects, warm-up and the measured windows)\n`,
      sideBySide('package', generated.byPackage, bare.byPackage, 15),
      '',
      sideBySide('function (self time)', generated.byFunction, bare.byFunction, 30),
    );
  }
  return parts.join('\n');
}
