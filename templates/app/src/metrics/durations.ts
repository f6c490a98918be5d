// The action duration histogram, counted in plain numbers: prom-client's own observe() validates
// and hashes the labels on every call (about 0.5 µs, a few percent of a whole request), so each
// action's series here is a few numbers it adds to, turned into prom-client's form when scraped.

import { Histogram, type Registry } from 'prom-client';

/** Seconds: from half a millisecond (an action that only computes) to 10 s. */
const BOUNDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One action's series: how many durations fell in each bucket (the last is over 10 s). */
export class Series {
  readonly buckets = new Float64Array(BOUNDS.length + 1);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    while (i < BOUNDS.length && seconds > (BOUNDS[i] as number)) i++;
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    this.sum += seconds;
    this.count++;
  }
}

type Exported = Awaited<ReturnType<Histogram['get']>>;

/** A prom-client histogram whose values are read from `series` (action name → series). */
class SeriesHistogram extends Histogram {
  // Not `name` and `help`: prom-client sets those itself, and a field of that name would replace them.
  private readonly metric: string;
  private readonly text: string;

  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly series: ReadonlyMap<string, Series>,
  ) {
    super({ name, help, labelNames: ['action'], buckets: BOUNDS, registers: [registry] });
    this.metric = name;
    this.text = help;
  }

  override get(): Promise<Exported> {
    const values: Exported['values'] = [];
    for (const [action, s] of this.series) {
      let cumulative = 0;
      BOUNDS.forEach((le, i) => {
        cumulative += s.buckets[i] ?? 0;
        values.push({
          labels: { le, action },
          value: cumulative,
          metricName: `${this.metric}_bucket`,
        });
      });
      values.push(
        { labels: { le: '+Inf', action }, value: s.count, metricName: `${this.metric}_bucket` },
        { labels: { action }, value: s.sum, metricName: `${this.metric}_sum` },
        { labels: { action }, value: s.count, metricName: `${this.metric}_count` },
      );
    }
    // Plain data, as prom-client's own get() gives: under start:cluster it is sent to the
    // primary over IPC, which cannot carry a function (its types list a `collect` all the same).
    const exported: Omit<Exported, 'collect'> = {
      name: this.metric,
      help: this.text,
      // prom-client's own value ('histogram'; its types declare a numeric enum instead).
      type: (this as unknown as { type: Exported['type'] }).type,
      values,
      aggregator: 'sum',
    };
    return Promise.resolve(exported as Exported);
  }

  /** What Registry.metrics() reads when a metric has it: the same values. */
  getForPromString(): Promise<Exported> {
    return this.get();
  }
}

/** Registers the histogram `name`, with one series per name in `names` made now. */
export function durationHistogram(
  registry: Registry,
  name: string,
  help: string,
  names: Iterable<string>,
): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const n of names) series.set(n, new Series());
  new SeriesHistogram(name, help, registry, series);
  return series;
}
