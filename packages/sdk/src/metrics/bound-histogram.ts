import type { MetricFamily, Sample } from './exposition.js';
import { OVERFLOW_VALUE, type SeriesGuard } from './series-guard.js';

export interface Exemplar {
  labelSet: Record<string, string>;
  value: number;
  /** Seconds since the epoch, as the OpenMetrics exemplar timestamp. */
  timestamp: number;
}

/** One label set of a BoundHistogramMetric: observing is an array index and three adds. */
export class HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly #bounds: Float64Array;
  /** Non-cumulative counts; the last slot is +Inf. */
  readonly counts: Float64Array;
  readonly exemplars: (Exemplar | undefined)[];
  sum = 0;
  count = 0;

  constructor(labels: Record<string, string>, bounds: Float64Array) {
    this.labels = labels;
    this.#bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
    this.exemplars = new Array(bounds.length + 1);
  }

  observe(value: number): void {
    this.#record(value);
  }

  /** Observes and keeps `traceId` as the bucket's exemplar (OpenMetrics, latest wins). */
  observeWithExemplar(value: number, traceId: string, spanId: string): void {
    const bucket = this.#record(value);
    this.exemplars[bucket] = { labelSet: { trace_id: traceId, span_id: spanId }, value, timestamp: Date.now() / 1000 };
  }

  /** Counts `value` in its bucket (the first bound >= value, else +Inf); returns the bucket index. */
  #record(value: number): number {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (this.counts as Float64Array)[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
    return i;
  }
}

/**
 * A histogram that plugs into a prom-client Registry (it implements the `get()` contract)
 * but is bound ahead of time: the HTTP middleware resolves a series once per route and
 * status, then each request costs a few arithmetic operations instead of prom-client's
 * per-call label validation and hashing (see bench/metrics-observe.ts).
 */
export class BoundHistogramMetric {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  readonly labelNames: readonly string[];
  readonly #bounds: Float64Array;
  readonly #guard: SeriesGuard;
  #series = new Map<string, HistogramSeries>();
  #overflow: HistogramSeries | undefined;
  /** Bumped by reset(): holders of cached series compare it to know theirs are stale. */
  generation = 0;

  constructor(options: { name: string; help: string; labelNames: readonly string[]; buckets: readonly number[]; guard: SeriesGuard }) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.#bounds = Float64Array.from(options.buckets);
    this.#guard = options.guard;
  }

  /** The series for these label values (in labelNames order), folded to __overflow__ past the limit. */
  series(values: readonly string[]): HistogramSeries {
    const key = values.join('\u0001');
    let series = this.#series.get(key);
    if (series !== undefined) return series;
    if (!this.#guard.admit(key)) {
      this.#overflow ??= this.#create(this.labelNames.map(() => OVERFLOW_VALUE));
      return this.#overflow;
    }
    series = this.#create(values);
    this.#series.set(key, series);
    return series;
  }

  #create(values: readonly string[]): HistogramSeries {
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, i) => {
      labels[name] = values[i] as string;
    });
    return new HistogramSeries(labels, this.#bounds);
  }

  get(): MetricFamily {
    const values: Sample[] = [];
    const all = this.#overflow ? [...this.#series.values(), this.#overflow] : this.#series.values();
    for (const series of all) {
      let cumulative = 0;
      for (let i = 0; i <= this.#bounds.length; i++) {
        cumulative += series.counts[i] as number;
        const le = i < this.#bounds.length ? (this.#bounds[i] as number) : '+Inf';
        const value: Sample = {
          labels: { ...series.labels, le },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        };
        const exemplar = series.exemplars[i];
        if (exemplar !== undefined) value.exemplar = exemplar;
        values.push(value);
      }
      values.push({ labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: this.aggregator };
  }

  /** prom-client calls this for text output when present; same data as get(). */
  async getForPromString(): Promise<MetricFamily> {
    return this.get();
  }

  reset(): void {
    this.#series = new Map();
    this.#overflow = undefined;
    this.#guard.reset();
    this.generation++;
  }
}
