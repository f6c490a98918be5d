// Medians, ranges and pair-by-pair comparisons of repeated runs, and the floors they are held to.

/** One repetition of a case against one target: metric name -> value. */
export type Sample = Record<string, number>;

export interface Range {
  median: number;
  min: number;
  max: number;
}

export type Floor =
  | { kind: 'ratio-min'; value: number }
  | { kind: 'ratio-max'; value: number }
  | { kind: 'diff-max'; value: number }
  | { kind: 'abs-max'; value: number }
  /** Every repetition of the generated server at most `value` (a count that must stay 0). */
  | { kind: 'each-max'; value: number };

export interface MetricSpec {
  name: string;
  unit: string;
  floor?: Floor;
}

export interface MetricSummary extends MetricSpec {
  generated: Range;
  bare?: Range;
  /** generated / bare, pair by pair (repetition i against repetition i). */
  ratio?: Range;
  /** generated - bare, pair by pair. */
  diff?: Range;
  pass?: boolean;
}

export function range(values: number[]): Range {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? Number.NaN)
      : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

const values = (samples: Sample[], name: string): number[] =>
  samples.map((s) => s[name] ?? Number.NaN);

function judge(floor: Floor, summary: MetricSummary): boolean | undefined {
  switch (floor.kind) {
    case 'ratio-min':
      return summary.ratio && summary.ratio.median >= floor.value;
    case 'ratio-max':
      return summary.ratio && summary.ratio.median <= floor.value;
    case 'diff-max':
      return summary.diff && summary.diff.median <= floor.value;
    case 'abs-max':
      return summary.generated.median <= floor.value;
    case 'each-max':
      return summary.generated.max <= floor.value;
  }
}

export function summarise(spec: MetricSpec, generated: Sample[], bare: Sample[]): MetricSummary {
  const gen = values(generated, spec.name);
  const summary: MetricSummary = { ...spec, generated: range(gen) };
  if (bare.length > 0) {
    const ref = values(bare, spec.name);
    summary.bare = range(ref);
    const pairs = gen.slice(0, ref.length).map((g, i) => [g, ref[i] ?? Number.NaN] as const);
    summary.ratio = range(pairs.map(([g, b]) => g / b));
    summary.diff = range(pairs.map(([g, b]) => g - b));
  }
  if (spec.floor) summary.pass = judge(spec.floor, summary);
  return summary;
}
