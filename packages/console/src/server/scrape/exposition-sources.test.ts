import { spawnSync } from 'node:child_process';
import client from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkService, startSdkService, work } from '../../../test/support/sdk-service.js';
import { type Exposition, parseExposition } from './exposition-parser.js';

const OPENMETRICS_ACCEPT = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';

const keyOf = (name: string, labels: Record<string, string | number>) =>
  `${name}${JSON.stringify(
    Object.entries(labels)
      .map(([key, value]) => [key, String(value)])
      .sort(),
  )}`;

/** Every sample as name+labels → value, the exposition-independent truth to compare. */
function valuesOf(exposition: Exposition): Map<string, number> {
  const values = new Map<string, number>();
  for (const family of exposition.families)
    for (const sample of family.samples) values.set(keyOf(sample.name, sample.labels), sample.value);
  return values;
}

/** prom-client types exemplar labels as the metric's own label names; at runtime any label set is kept. */
const traceLabel = (traceId: string) => ({ trace_id: traceId }) as unknown as Partial<Record<'queue', string>>;

const promtoolFound = spawnSync('promtool', ['--version']).status === 0;

describe('parseExposition on the Sightline SDK exposition', () => {
  let service: SdkService;
  let text: string;
  let openMetrics: string;

  beforeAll(async () => {
    service = await startSdkService('parser-sdk');
    await work(service, 3);
    text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    openMetrics = await (await fetch(`${service.baseUrl}/metrics`, { headers: { accept: OPENMETRICS_ACCEPT } })).text();
  });
  afterAll(() => service?.close());

  it('reads the same samples from the text format and from OpenMetrics', () => {
    const fromText = parseExposition(text, 'prometheus');
    const fromOpenMetrics = parseExposition(openMetrics, 'openmetrics');
    const textValues = valuesOf(fromText);
    expect(textValues.size).toBeGreaterThan(10);
    // OpenMetrics names a counter family without `_total`; its samples keep it, so they match one for one.
    // (The health check runs again on each scrape: only its duration may differ between the two.)
    const stable = (values: Map<string, number>) => new Map([...values].filter(([key]) => !key.includes('check_duration_seconds')));
    const openMetricsValues = valuesOf(fromOpenMetrics);
    expect([...openMetricsValues.keys()].sort()).toEqual([...textValues.keys()].sort());
    expect(stable(openMetricsValues)).toEqual(stable(textValues));
    const duration = fromText.families.find((family) => family.name === 'http_server_request_duration_seconds');
    expect(duration?.type).toBe('histogram');
    expect(duration?.samples.find((sample) => sample.name.endsWith('_count'))?.value).toBe(3);
    expect(fromText.families.find((family) => family.name === 'sightline_log_lines_dropped_total')?.type).toBe('counter');
    expect(fromOpenMetrics.families.find((family) => family.name === 'sightline_log_lines_dropped')?.type).toBe('counter');
  });

  it("keeps the request histogram's exemplars with the trace ids of the requests served", () => {
    const parsed = parseExposition(openMetrics, 'openmetrics');
    const exemplars = parsed.families
      .flatMap((family) => family.samples)
      .filter((sample) => sample.name.endsWith('_bucket') && sample.exemplar !== undefined)
      .map((sample) => sample.exemplar);
    expect(exemplars.length).toBeGreaterThan(0);
    for (const exemplar of exemplars) {
      expect(service.traceIds).toContain(exemplar?.labels.trace_id);
      expect(exemplar?.labels.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(exemplar?.timestampNanos).toBeGreaterThan(1_600_000_000n * 1_000_000_000n);
    }
  });

  it.skipIf(!promtoolFound)("passes promtool's parser too (text format)", () => {
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).not.toContain('parsing error');
  });
});

describe("parseExposition on prom-client's own registry", () => {
  const registry = new client.Registry();
  const openMetricsRegistry = new client.Registry<typeof client.openMetricsContentType>();
  openMetricsRegistry.setContentType(client.openMetricsContentType);

  beforeAll(() => {
    client.collectDefaultMetrics({ register: registry });
    for (const target of [registry, openMetricsRegistry]) {
      // prom-client keeps exemplars on OpenMetrics registries only.
      const enableExemplars = target === openMetricsRegistry;
      const counter = new client.Counter({
        name: 'jobs_total',
        help: 'Jobs "done" \\ per queue\nsecond line',
        labelNames: ['queue'],
        registers: [target],
        enableExemplars,
      });
      if (enableExemplars)
        counter.inc({ labels: { queue: 'a"b\\c\nd' }, value: 4, exemplarLabels: traceLabel('0af7651916cd43dd8448eb211c80319c') });
      else counter.inc({ queue: 'a"b\\c\nd' }, 4);
      const histogram = new client.Histogram({
        name: 'job_duration_seconds',
        help: 'Job duration',
        labelNames: ['queue'],
        buckets: [0.1, 1],
        registers: [target],
        enableExemplars,
      });
      if (enableExemplars)
        histogram.observe({ labels: { queue: 'q' }, value: 0.5, exemplarLabels: traceLabel('4bf92f3577b34da6a3ce929d0e0e4736') });
      else histogram.observe({ queue: 'q' }, 0.5);
      const summary = new client.Summary({ name: 'job_size_bytes', help: 'Size', percentiles: [0.5, 0.9], registers: [target] });
      summary.observe(10);
      new client.Gauge({ name: 'queue_ratio', help: 'Not a number yet', registers: [target] }).set(Number.NaN);
    }
  });

  it('matches getMetricsAsJSON() sample for sample in the text format, default metrics included', async () => {
    const parsed = valuesOf(parseExposition(await registry.metrics(), 'prometheus'));
    const truth = new Map<string, number>();
    for (const metric of (await registry.getMetricsAsJSON()) as unknown as {
      name: string;
      values: { metricName?: string; labels: Record<string, string | number>; value: number }[];
    }[]) {
      for (const value of metric.values) truth.set(keyOf(value.metricName ?? metric.name, value.labels), value.value);
    }
    expect(truth.size).toBeGreaterThan(20);
    expect([...parsed.keys()].sort()).toEqual([...truth.keys()].sort());
    // Default metrics (CPU, memory, event loop) move between two collections; ours do not.
    const ours = (values: Map<string, number>) => new Map([...values].filter(([key]) => /^(jobs|job_|queue_)/.test(key)));
    expect(ours(parsed).size).toBe(11); // 1 counter, 3 buckets + sum + count, 2 quantiles + sum + count, 1 gauge
    expect(ours(parsed)).toEqual(ours(truth));
  });

  it('reads its OpenMetrics with exemplars on the counter and the bucket, HELP and label escapes undone', async () => {
    const parsed = parseExposition(await openMetricsRegistry.metrics(), 'openmetrics');
    const jobs = parsed.families.find((family) => family.name === 'jobs');
    expect(jobs).toMatchObject({ type: 'counter', help: 'Jobs "done" \\ per queue\nsecond line' });
    expect(jobs?.samples[0]).toMatchObject({
      name: 'jobs_total',
      labels: { queue: 'a"b\\c\nd' },
      value: 4,
      exemplar: { labels: { trace_id: '0af7651916cd43dd8448eb211c80319c' }, value: 4 },
    });
    const bucket = parsed.families
      .find((family) => family.name === 'job_duration_seconds')
      ?.samples.find((sample) => sample.labels.le === '1');
    expect(bucket?.exemplar).toMatchObject({ labels: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' }, value: 0.5 });
    expect(parsed.families.find((family) => family.name === 'queue_ratio')?.samples[0]?.value).toBeNaN();
    expect(parsed.families.find((family) => family.name === 'job_size_bytes')?.samples.map((sample) => sample.name)).toEqual([
      'job_size_bytes',
      'job_size_bytes',
      'job_size_bytes_sum',
      'job_size_bytes_count',
    ]);
  });
});
