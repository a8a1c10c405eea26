// Metrics: prom-client Histogram.observe(labels, v) vs Sightline's BoundHistogramMetric, whose
// series are resolved once per label set so each observation is an array index and three adds.
// Same 3 labels, same buckets, same values. This is the measurement behind that design.
import { createObserver } from '@sightline/sdk';
import { Histogram, Registry } from 'prom-client';
// Internal classes (not part of the SDK's public surface): the bench measures them directly.
import { BoundHistogramMetric, HttpServerMetrics, SeriesGuard } from '../packages/sdk/src/metrics/index.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from './lib/table.js';
import { measureRounds, parseRoundsArgs } from './lib/timed-rounds.js';

export interface MetricsBenchOptions {
  /** Time each variant runs per round. */
  millisPerRound: number;
  rounds: number;
}

interface Variant {
  readonly name: string;
  readonly note: string;
  /** Runs `count` observations over the shared durations. */
  readonly run: (count: number) => void;
}

const LABEL_NAMES = ['http_request_method', 'http_route', 'http_response_status_code'] as const;
const LABELS = { http_request_method: 'GET', http_route: '/users/:id', http_response_status_code: '200' };
const LABEL_VALUES = ['GET', '/users/:id', '200'];
// OpenTelemetry's advisory boundaries for http.server.request.duration (the SDK's defaults).
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const BATCH = 10_000;

/** Deterministic request durations, most under 100 ms, some in the tail (so every bucket index is exercised). */
function durations(count: number): Float64Array {
  const values = new Float64Array(count);
  let seed = 42;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const uniform = seed / 2_147_483_648;
    values[i] = 0.001 * Math.exp(uniform * 9);
  }
  return values;
}

function variants(): { list: Variant[]; close: () => Promise<void> } {
  const values = durations(4096);
  const mask = values.length - 1;
  const value = (i: number) => values[i & mask] as number;

  const prom = new Histogram({ name: 'prom_duration_seconds', help: 'x', labelNames: LABEL_NAMES, buckets: BUCKETS, registers: [] });
  const promBound = new Histogram({
    name: 'prom_bound_duration_seconds',
    help: 'x',
    labelNames: LABEL_NAMES,
    buckets: BUCKETS,
    registers: [],
  });
  const promChild = promBound.labels(LABELS);

  const guard = new SeriesGuard('bound', 2000, () => {});
  const bound = new BoundHistogramMetric({ name: 'bound_duration_seconds', help: 'x', labelNames: LABEL_NAMES, buckets: BUCKETS, guard });
  const series = bound.series(LABEL_VALUES);
  const exemplarSeries = new BoundHistogramMetric({
    name: 'exemplar_duration_seconds',
    help: 'x',
    labelNames: LABEL_NAMES,
    buckets: BUCKETS,
    guard: new SeriesGuard('exemplar', 2000, () => {}),
  }).series(LABEL_VALUES);
  const http = new HttpServerMetrics(new Registry(), {
    prefix: '',
    durationBuckets: BUCKETS,
    sizeBuckets: [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000],
    guardFor: (metric) => new SeriesGuard(metric, 2000, () => {}),
  });
  const observer = createObserver({ env: {}, registerGlobal: false, log: { level: 'silent' }, metrics: { defaultMetrics: false } });
  const business = observer.metrics.histogram({
    name: 'business_duration_seconds',
    help: 'x',
    labelNames: [...LABEL_NAMES],
    buckets: BUCKETS,
  });
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const spanId = 'b7ad6b7169203331';

  const list: Variant[] = [
    {
      name: 'prom-client observe(labels, v)',
      note: 'baseline: label validation + hashing on every call',
      run: (n) => {
        for (let i = 0; i < n; i++) prom.observe(LABELS, value(i));
      },
    },
    {
      name: 'prom-client labels(...) child',
      note: "prom-client's own binding: child resolved once, observe(v)",
      run: (n) => {
        for (let i = 0; i < n; i++) promChild.observe(value(i));
      },
    },
    {
      name: 'observer.metrics.histogram()',
      note: 'the SDK business API: prom-client + series guard, observe(labels, v)',
      run: (n) => {
        for (let i = 0; i < n; i++) business.observe(LABELS, value(i));
      },
    },
    {
      name: 'Bound series(values).observe(v)',
      note: 'label values joined + map lookup on every call',
      run: (n) => {
        for (let i = 0; i < n; i++) bound.series(LABEL_VALUES).observe(value(i));
      },
    },
    {
      name: 'Bound series, pre-resolved',
      note: 'the design: series resolved once, observe(v) only',
      run: (n) => {
        for (let i = 0; i < n; i++) series.observe(value(i));
      },
    },
    {
      name: 'Bound series, with exemplar',
      note: 'sampled requests: observeWithExemplar(v, traceId, spanId)',
      run: (n) => {
        for (let i = 0; i < n; i++) exemplarSeries.observeWithExemplar(value(i), traceId, spanId);
      },
    },
    {
      name: 'middleware path (RouteSeries)',
      note: 'what RequestPass does per request: route(m, r).status(code).duration.observe(v)',
      run: (n) => {
        for (let i = 0; i < n; i++) http.route('GET', '/users/:id').status(200).duration.observe(value(i));
      },
    },
  ];
  return { list, close: () => observer.shutdown() };
}

export async function runMetricsBench(options: MetricsBenchOptions): Promise<void> {
  const { list, close } = variants();
  const rates = measureRounds(
    list.map((variant) => ({ name: variant.name, opsPerRun: BATCH, run: () => variant.run(BATCH) })),
    options,
  );
  await close();
  const baseline = median(rates.get(list[0]?.name as string) as number[]);
  printTable(
    `Metrics: histogram observe with 3 labels, ${BUCKETS.length} buckets, ${options.rounds} rounds x ${options.millisPerRound} ms, medians`,
    ['variant', 'ops/s', 'ns/op', 'vs prom-client', 'what'],
    list.map((variant) => {
      const rate = median(rates.get(variant.name) as number[]);
      return [variant.name, formatCount(rate), formatFixed(1e9 / rate), formatRatio(rate / baseline), variant.note];
    }),
  );
}

export function parseMetricsArgs(args: readonly string[]): MetricsBenchOptions {
  return parseRoundsArgs(args, 'metrics');
}

if (isEntryPoint(import.meta.url)) await runMetricsBench(parseMetricsArgs(process.argv.slice(2)));
