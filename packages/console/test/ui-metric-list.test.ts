import { describe, expect, it } from 'vitest';
import type { MetricInfo } from '../ui/src/api/types.js';
import { familyHeadOf, filterEntries, metricEntries, startingEntries } from '../ui/src/components/metric-list.js';

const scrape = (name: string, type: string): MetricInfo => ({ name, type, unit: null, description: null, source: 'scrape' });
const otlp = (name: string, type: string, unit: string | null = null): MetricInfo => ({
  name,
  type,
  unit,
  description: null,
  source: 'otlp',
});

const list = [
  scrape('db_client_connections_max', 'gauge'),
  scrape('http_server_request_duration_seconds_bucket', 'histogram'),
  scrape('http_server_request_duration_seconds_count', 'histogram'),
  scrape('http_server_request_duration_seconds_sum', 'histogram'),
  otlp('http.server.request.duration', 'histogram', 's'),
  scrape('orphan_seconds_count', 'histogram'),
  scrape('orphan_seconds_sum', 'histogram'),
  scrape('sightline_transaction_duration_seconds', 'summary'),
  scrape('sightline_transaction_duration_seconds_count', 'summary'),
  scrape('sightline_transaction_duration_seconds_sum', 'summary'),
  scrape('requests_total', 'counter'),
];

describe("a histogram family's base name", () => {
  it('stands for its _bucket samples; a stored name, an OTLP histogram or an unknown name stands for nothing else', () => {
    expect(familyHeadOf(list, 'http_server_request_duration_seconds')).toBe('http_server_request_duration_seconds_bucket');
    expect(familyHeadOf(list, 'http_server_request_duration_seconds_bucket')).toBeUndefined();
    expect(familyHeadOf(list, 'sightline_transaction_duration_seconds')).toBeUndefined();
    expect(familyHeadOf(list, 'http.server.request.duration')).toBeUndefined();
    expect(familyHeadOf(list, 'orphan_seconds')).toBeUndefined();
  });
});

describe('the metric list', () => {
  it("shows a scraped histogram's _bucket, _count and _sum as one entry under its base name that opens the buckets", () => {
    const entries = metricEntries(list);
    const histogram = entries.find((entry) => entry.label === 'http_server_request_duration_seconds')!;
    expect(histogram).toMatchObject({ name: 'http_server_request_duration_seconds_bucket', kind: 'histogram' });
    expect(histogram.members).toEqual([
      { name: 'http_server_request_duration_seconds_count', label: 'count' },
      { name: 'http_server_request_duration_seconds_sum', label: 'sum' },
    ]);
    expect(histogram.names).toHaveLength(3);
    expect(entries.map((entry) => entry.name)).not.toContain('http_server_request_duration_seconds_count');
  });

  it("groups a scraped summary's quantile samples with its _count and _sum the same way", () => {
    const summary = metricEntries(list).find((entry) => entry.label === 'sightline_transaction_duration_seconds')!;
    expect(summary).toMatchObject({ name: 'sightline_transaction_duration_seconds', kind: 'summary' });
    expect(summary.members.map((member) => member.label)).toEqual(['count', 'sum']);
  });

  it('labels a _count or _sum without buckets for what it is, and leaves every other metric as it is', () => {
    const entries = metricEntries(list);
    expect(entries.map((entry) => [entry.label, entry.kind])).toEqual([
      ['db_client_connections_max', 'gauge'],
      ['http_server_request_duration_seconds', 'histogram'],
      ['http.server.request.duration', 'histogram · s'],
      ['orphan_seconds_count', 'histogram count'],
      ['orphan_seconds_sum', 'histogram sum'],
      ['sightline_transaction_duration_seconds', 'summary'],
      ['requests_total', 'counter'],
    ]);
  });

  it("writes an OTLP metric's UCUM annotation unit without its braces, and no unit for 1", () => {
    const entries = metricEntries([otlp('jobs.processed', 'sum', '{job}'), otlp('cpu.utilization', 'gauge', '1')]);
    expect(entries.map((entry) => [entry.label, entry.kind])).toEqual([
      ['jobs.processed', 'sum · job'],
      ['cpu.utilization', 'gauge'],
    ]);
  });

  it('filters by a case-insensitive substring of any name of an entry, or of its kind', () => {
    const entries = metricEntries(list);
    expect(filterEntries(entries, 'DURATION').map((entry) => entry.label)).toEqual([
      'http_server_request_duration_seconds',
      'http.server.request.duration',
      'sightline_transaction_duration_seconds',
    ]);
    expect(filterEntries(entries, 'seconds_sum').map((entry) => entry.label)).toEqual([
      'http_server_request_duration_seconds',
      'orphan_seconds_sum',
      'sightline_transaction_duration_seconds',
    ]);
    expect(filterEntries(entries, ' counter ').map((entry) => entry.label)).toEqual(['requests_total']);
    expect(filterEntries(entries, '')).toBe(entries);
    expect(filterEntries(entries, 'nothing like it')).toEqual([]);
  });
});

describe('where the metrics page starts', () => {
  it('suggests the request duration histograms present, scraped and OTLP, and nothing that is not one', () => {
    expect(startingEntries(metricEntries(list)).map(({ entry, title }) => [entry.name, title])).toEqual([
      ['http_server_request_duration_seconds_bucket', 'how long requests take'],
      ['http.server.request.duration', 'how long requests take'],
    ]);
    // A _count alone, a gauge of the same name: not histograms to chart as durations.
    expect(startingEntries(metricEntries([scrape('http_server_request_duration_seconds_count', 'histogram')]))).toEqual([]);
    expect(startingEntries(metricEntries([otlp('db.client.operation.duration', 'gauge', 's')]))).toEqual([]);
    expect(startingEntries(metricEntries([otlp('db.client.operation.duration', 'histogram', 's')])).map(({ title }) => title)).toEqual([
      'how long database queries take',
    ]);
  });
});
