// The printed table (medians, min–max, ratio to bare, floor, CPU) and the JSON under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Floor, MetricSummary, Range, Sample } from './stats.js';

export interface CaseReport {
  id: string;
  title: string;
  metrics: MetricSummary[];
  /** CPU as % of one core: [generated, bare] median server and client. */
  cpu?: { generated: { server: number; client: number }; bare: { server: number; client: number } };
  notes: string[];
  runs: { generated: Sample[]; bare: Sample[] };
}

const fmt = (v: number): string =>
  Number.isNaN(v)
    ? '-'
    : Math.abs(v) >= 1000
      ? Math.round(v).toString()
      : Math.abs(v) >= 10
        ? v.toFixed(1)
        : v.toFixed(2);
const show = (r: Range | undefined, unit = ''): string =>
  r === undefined ? '' : `${fmt(r.median)}${unit} (${fmt(r.min)}–${fmt(r.max)})`;

function floorText(floor: Floor | undefined, unit: string): string {
  if (floor === undefined) return '';
  switch (floor.kind) {
    case 'ratio-min':
      return `ratio ≥ ${floor.value}`;
    case 'ratio-max':
      return `ratio ≤ ${floor.value}`;
    case 'diff-max':
      return `≤ +${floor.value} ${unit}`;
    case 'abs-max':
      return `≤ ${floor.value} ${unit}`;
    case 'each-max':
      return `every run ≤ ${floor.value}`;
  }
}

function compared(m: MetricSummary): string {
  if (m.floor?.kind === 'diff-max') return m.diff ? `+${show(m.diff)} ${m.unit}` : '';
  return m.ratio ? `${show(m.ratio)}×` : '';
}

export function table(reports: CaseReport[], quick: boolean): string {
  const head = [
    'case',
    'metric',
    'generated median (min–max)',
    'bare median (min–max)',
    'vs bare',
    'floor',
    quick ? 'verdict (quick: not judged)' : 'verdict',
    'CPU srv/cli gen',
    'CPU srv/cli bare',
  ];
  const rows = reports.flatMap((r) =>
    r.metrics.map((m, i) => [
      i === 0 ? `${r.id} ${r.title}` : '',
      `${m.name} (${m.unit})`,
      show(m.generated),
      show(m.bare),
      compared(m),
      floorText(m.floor, m.unit),
      m.pass === undefined ? '' : m.pass ? 'ok' : 'MISS',
      i === 0 && r.cpu ? `${fmt(r.cpu.generated.server)}/${fmt(r.cpu.generated.client)}%` : '',
      i === 0 && r.cpu ? `${fmt(r.cpu.bare.server)}/${fmt(r.cpu.bare.client)}%` : '',
    ]),
  );
  const lines = [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const notes = reports.flatMap((r) => r.notes.map((n) => `- ${r.id}: ${n}`));
  return [...lines, '', ...notes].join('\n');
}

export function writeResults(
  dir: string,
  meta: Record<string, unknown>,
  reports: CaseReport[],
): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...meta, cases: reports }, null, 2)}\n`);
  return file;
}
