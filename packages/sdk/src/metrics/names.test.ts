import { describe, expect, it } from 'vitest';
import { thrownError } from '../../test/support/thrown-error.js';
import { SightlineMetricError } from '../sightline-error/index.js';
import { type MetricKind, validateLabelNames, validateMetricName } from './names.js';

const metricError = (run: () => void) => thrownError(SightlineMetricError, run);

describe('validateMetricName', () => {
  it.each<[string, MetricKind]>([
    ['http_requests_total', 'counter'],
    ['queue_depth', 'gauge'],
    ['job_duration_seconds', 'histogram'],
    ['response_size_bytes', 'summary'],
    ['app:cache_hits_total', 'counter'],
    ['_private_gauge', 'gauge'],
  ])('accepts %s as a %s', (name, kind) => {
    expect(() => validateMetricName(name, kind)).not.toThrow();
  });

  it('requires a counter name to end with _total and suggests the fix', () => {
    const error = metricError(() => validateMetricName('orders_placed', 'counter'));
    expect(error.code).toBe('SL_METRIC_NAME_INVALID');
    expect(error.message).toContain('"orders_placed_total"');
  });

  it.each<MetricKind>(['gauge', 'histogram', 'summary'])('rejects a %s name ending with _total', (kind) => {
    const error = metricError(() => validateMetricName('things_total', kind));
    expect(error.code).toBe('SL_METRIC_NAME_INVALID');
    expect(error.message).toContain('_total');
    expect(error.message).toContain(kind);
  });

  it.each(['_bucket', '_count', '_sum', '_created', '_info'])('rejects a name ending with the reserved suffix %s', (suffix) => {
    const error = metricError(() => validateMetricName(`request${suffix}`, 'gauge'));
    expect(error.code).toBe('SL_METRIC_NAME_INVALID');
    expect(error.message).toContain(`"${suffix}"`);
  });

  it.each(['1st_metric', 'has-dash', 'has space', 'dotted.name', 'ümlaut', ''])('rejects the invalid characters in "%s"', (name) => {
    const error = metricError(() => validateMetricName(name, 'gauge'));
    expect(error.code).toBe('SL_METRIC_NAME_INVALID');
    expect(error.message).toContain(`"${name}"`);
  });

  it.each<[string, MetricKind, string]>([
    ['latency_milliseconds', 'histogram', 'seconds'],
    ['job_ms', 'gauge', 'seconds'],
    ['upload_kilobytes_total', 'counter', 'bytes'],
  ])('rejects %s: a unit that is not the base unit, naming the one to use', (name, kind, base) => {
    const error = metricError(() => validateMetricName(name, kind));
    expect(error.code).toBe('SL_METRIC_NAME_INVALID');
    expect(error.message).toContain(`base unit: ${base}`);
  });

  it('rejects a name starting with the reserved double underscore', () => {
    expect(metricError(() => validateMetricName('__internal', 'gauge')).code).toBe('SL_METRIC_NAME_INVALID');
  });

  it('names the error SightlineMetricError', () => {
    expect(metricError(() => validateMetricName('bad name', 'gauge')).name).toBe('SightlineMetricError');
  });
});

describe('validateLabelNames', () => {
  it('accepts valid, distinct label names', () => {
    expect(() => validateLabelNames('jobs_total', ['queue', 'status', '_shard', 'region2'], 'counter')).not.toThrow();
  });

  it('accepts an empty label list', () => {
    expect(() => validateLabelNames('up', [], 'gauge')).not.toThrow();
  });

  it.each(['has-dash', '2fast', 'has space', 'dotted.label', 'colon:label', ''])('rejects the invalid label name "%s"', (label) => {
    const error = metricError(() => validateLabelNames('jobs_total', [label], 'counter'));
    expect(error.code).toBe('SL_METRIC_LABEL_INVALID');
    expect(error.message).toContain(`"${label}"`);
    expect(error.message).toContain('"jobs_total"');
  });

  it('rejects label names starting with the reserved double underscore', () => {
    expect(metricError(() => validateLabelNames('jobs_total', ['__name__'], 'counter')).code).toBe('SL_METRIC_LABEL_INVALID');
  });

  it('rejects the le label on a histogram', () => {
    const error = metricError(() => validateLabelNames('latency_seconds', ['route', 'le'], 'histogram'));
    expect(error.code).toBe('SL_METRIC_LABEL_INVALID');
    expect(error.message).toContain('"le"');
    expect(error.message).toContain('histogram');
  });

  it('rejects the quantile label on a summary', () => {
    expect(metricError(() => validateLabelNames('latency_seconds', ['quantile'], 'summary')).code).toBe('SL_METRIC_LABEL_INVALID');
  });

  it('allows le and quantile on metrics that do not reserve them', () => {
    expect(() => validateLabelNames('thresholds', ['le', 'quantile'], 'gauge')).not.toThrow();
    expect(() => validateLabelNames('breaches_total', ['le'], 'counter')).not.toThrow();
  });

  it('rejects a label name that appears twice', () => {
    const error = metricError(() => validateLabelNames('jobs_total', ['queue', 'status', 'queue'], 'counter'));
    expect(error.code).toBe('SL_METRIC_LABEL_INVALID');
    expect(error.message).toContain('twice');
    expect(error.message).toContain('"queue"');
  });
});
