import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoundHistogramMetric } from './bound-histogram.js';
import type { Sample } from './exposition.js';
import { SeriesGuard } from './series-guard.js';

const BUCKETS = [0.1, 0.5, 1];

function histogram(limit = 100) {
  const overflows: string[] = [];
  const guard = new SeriesGuard('request_duration_seconds', limit, (metric) => overflows.push(metric));
  const metric = new BoundHistogramMetric({
    name: 'request_duration_seconds',
    help: 'Request duration.',
    labelNames: ['route', 'status'],
    buckets: BUCKETS,
    guard,
  });
  return { metric, guard, overflows };
}

/** bucket samples of one series as [le, cumulative count] pairs. */
function buckets(samples: readonly Sample[], route: string): [string | number | undefined, number][] {
  return samples
    .filter((sample) => sample.metricName === 'request_duration_seconds_bucket' && sample.labels.route === route)
    .map((sample) => [sample.labels.le, sample.value]);
}

function sample(samples: readonly Sample[], metricName: string, route: string): Sample | undefined {
  return samples.find((entry) => entry.metricName === metricName && entry.labels.route === route);
}

describe('HistogramSeries', () => {
  it('puts a value equal to a bound into that bound’s bucket', () => {
    const series = histogram().metric.series(['/a', '200']);

    series.observe(0.1);
    series.observe(0.5);
    series.observe(1);

    expect(Array.from(series.counts)).toEqual([1, 1, 1, 0]);
  });

  it('puts a value just above a bound into the next bucket', () => {
    const series = histogram().metric.series(['/a', '200']);

    series.observe(0.10000001);
    series.observe(0.5000001);

    expect(Array.from(series.counts)).toEqual([0, 1, 1, 0]);
  });

  it('puts values above the last bound into +Inf and values below the first into the first bucket', () => {
    const series = histogram().metric.series(['/a', '200']);

    series.observe(1.0001);
    series.observe(30);
    series.observe(0);
    series.observe(-1);

    expect(Array.from(series.counts)).toEqual([2, 0, 0, 2]);
  });

  it('adds every observation to sum and count', () => {
    const series = histogram().metric.series(['/a', '200']);

    for (const value of [0.05, 0.3, 2]) series.observe(value);

    expect(series.count).toBe(3);
    expect(series.sum).toBeCloseTo(2.35, 10);
  });
});

describe('BoundHistogramMetric.get', () => {
  it('reports cumulative bucket counts ending with +Inf, then sum and count', () => {
    const { metric } = histogram();
    const series = metric.series(['/a', '200']);
    for (const value of [0.05, 0.1, 0.3, 0.7, 5]) series.observe(value);

    const family = metric.get();

    expect(family).toMatchObject({ name: 'request_duration_seconds', help: 'Request duration.', type: 'histogram', aggregator: 'sum' });
    expect(buckets(family.values, '/a')).toEqual([
      [0.1, 2],
      [0.5, 3],
      [1, 4],
      ['+Inf', 5],
    ]);
    expect(sample(family.values, 'request_duration_seconds_sum', '/a')?.value).toBeCloseTo(6.15, 10);
    expect(sample(family.values, 'request_duration_seconds_count', '/a')?.value).toBe(5);
  });

  it('labels each sample with the series labels, and bucket samples with le', () => {
    const { metric } = histogram();
    metric.series(['/users/:id', '404']).observe(0.2);

    const values = metric.get().values;

    expect(values[0]?.labels).toEqual({ route: '/users/:id', status: '404', le: 0.1 });
    expect(sample(values, 'request_duration_seconds_sum', '/users/:id')?.labels).toEqual({ route: '/users/:id', status: '404' });
  });

  it('reports series separately', () => {
    const { metric } = histogram();
    metric.series(['/a', '200']).observe(0.2);
    metric.series(['/b', '200']).observe(2);

    const values = metric.get().values;

    expect(buckets(values, '/a').at(-1)).toEqual(['+Inf', 1]);
    expect(buckets(values, '/b')).toEqual([
      [0.1, 0],
      [0.5, 0],
      [1, 0],
      ['+Inf', 1],
    ]);
  });

  it('returns the same series object for the same label values', () => {
    const { metric } = histogram();
    expect(metric.series(['/a', '200'])).toBe(metric.series(['/a', '200']));
    expect(metric.series(['/a', '200'])).not.toBe(metric.series(['/a', '500']));
  });

  it('reports nothing for a metric without series', () => {
    expect(histogram().metric.get().values).toEqual([]);
  });

  it('gives the same data to prom-client text rendering through getForPromString', async () => {
    const { metric } = histogram();
    metric.series(['/a', '200']).observe(0.2);

    expect(await metric.getForPromString()).toEqual(metric.get());
  });

  it('renders in a prom-client registry as a histogram', async () => {
    const { metric } = histogram();
    const registry = new Registry();
    registry.registerMetric(metric as never);
    metric.series(['/a', '200']).observe(0.2);

    const text = await registry.metrics();

    expect(text).toContain('# TYPE request_duration_seconds histogram');
    expect(text).toContain('request_duration_seconds_bucket{route="/a",status="200",le="0.5"} 1');
    expect(text).toContain('request_duration_seconds_count{route="/a",status="200"} 1');
  });
});

describe('BoundHistogramMetric exemplars', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the latest exemplar of each bucket with its trace and span ids', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_700_000_000_500 });
    const { metric } = histogram();
    const series = metric.series(['/a', '200']);

    series.observeWithExemplar(0.05, 'trace-old', 'span-old');
    series.observeWithExemplar(0.07, 'trace-new', 'span-new');
    series.observeWithExemplar(0.8, 'trace-slow', 'span-slow');

    expect(series.exemplars[0]).toEqual({
      labelSet: { trace_id: 'trace-new', span_id: 'span-new' },
      value: 0.07,
      timestamp: 1_700_000_000.5,
    });
    expect(series.exemplars[1]).toBeUndefined();
    expect(series.exemplars[2]).toMatchObject({ labelSet: { trace_id: 'trace-slow' }, value: 0.8 });
    expect(series.exemplars[3]).toBeUndefined();
  });

  it('counts an observation with an exemplar like any other', () => {
    const { metric } = histogram();
    const series = metric.series(['/a', '200']);

    series.observeWithExemplar(0.5, 't', 's');
    series.observe(0.5);

    expect(Array.from(series.counts)).toEqual([0, 2, 0, 0]);
    expect(series.count).toBe(2);
    expect(series.sum).toBe(1);
  });

  it('attaches each exemplar to its own bucket sample only', () => {
    const { metric } = histogram();
    metric.series(['/a', '200']).observeWithExemplar(3, 'trace-inf', 'span-inf');

    const bucketSamples = metric.get().values.filter((entry) => entry.metricName === 'request_duration_seconds_bucket');

    expect(bucketSamples.map((entry) => entry.exemplar?.labelSet.trace_id)).toEqual([undefined, undefined, undefined, 'trace-inf']);
  });
});

describe('BoundHistogramMetric series limit', () => {
  it('folds label sets past the series limit into __overflow__', () => {
    const { metric, overflows } = histogram(2);
    metric.series(['/a', '200']).observe(0.2);
    metric.series(['/b', '200']).observe(0.2);

    const folded = metric.series(['/c', '200']);
    folded.observe(0.2);
    metric.series(['/d', '500']).observe(0.2);

    expect(folded.labels).toEqual({ route: '__overflow__', status: '__overflow__' });
    expect(metric.series(['/d', '500'])).toBe(folded);
    expect(overflows).toEqual(['request_duration_seconds', 'request_duration_seconds', 'request_duration_seconds']);
    const routes = new Set(metric.get().values.map((entry) => entry.labels.route));
    expect(routes).toEqual(new Set(['/a', '/b', '__overflow__']));
    expect(sample(metric.get().values, 'request_duration_seconds_count', '__overflow__')?.value).toBe(2);
  });

  it('keeps serving series created before the limit was reached', () => {
    const { metric, overflows } = histogram(1);
    const first = metric.series(['/a', '200']);
    metric.series(['/b', '200']);

    expect(metric.series(['/a', '200'])).toBe(first);
    expect(overflows).toHaveLength(1);
  });
});

describe('BoundHistogramMetric.reset', () => {
  it('bumps generation so holders of cached series know they are stale', () => {
    const { metric } = histogram();
    const before = metric.generation;

    metric.reset();
    metric.reset();

    expect(metric.generation).toBe(before + 2);
  });

  it('drops every series, the overflow series and the guard’s memory', () => {
    const { metric, guard } = histogram(1);
    const stale = metric.series(['/a', '200']);
    stale.observe(0.2);
    metric.series(['/b', '200']).observe(0.2);

    metric.reset();

    expect(metric.get().values).toEqual([]);
    expect(guard.size).toBe(0);
    const fresh = metric.series(['/b', '200']);
    expect(fresh.labels).toEqual({ route: '/b', status: '200' });
    expect(metric.series(['/a', '200'])).not.toBe(stale);
  });
});
