import { describe, expect, it } from 'vitest';
import { passed } from './check.js';
import { parseExposition } from './exposition.js';
import { maturity } from './maturity.js';
import { redMetricsCheck, routeLabelsCheck } from './metrics-checks.js';

const histogram = (labels: string) =>
  parseExposition(`# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{${labels},le="0.1"} 3
http_request_duration_seconds_count{${labels}} 3
`);

describe('doctor metric checks', () => {
  it('reads series labels, escaped quotes included, and TYPE lines', () => {
    const exposition = parseExposition('# TYPE up gauge\nup{job="a \\"b\\"",instance="x:1"} 1 1700000000\n');
    expect(exposition.series).toEqual([{ name: 'up', labels: { job: 'a "b"', instance: 'x:1' } }]);
    expect(exposition.types.get('up')).toBe('gauge');
  });

  it('passes a duration histogram by method, route and status', () => {
    const check = redMetricsCheck(histogram('method="GET",route="/orders/:id",status_code="200"'));
    expect(check).toMatchObject({ pass: true, detail: 'http_request_duration_seconds: histogram by method, route, status_code' });
  });

  it('fails a histogram without a status label, naming the labels it has', () => {
    const check = redMetricsCheck(histogram('method="GET",route="/orders/:id"'));
    expect(check).toMatchObject({
      pass: false,
      detail: 'http_request_duration_seconds lacks method, route or status labels (has method, route)',
    });
  });

  it('fails raw-path labels: a path label, or ids and UUIDs in a route value', () => {
    expect(routeLabelsCheck(histogram('method="GET",path="/orders/42",code="200"')).detail).toBe(
      'http_request_duration_seconds_bucket has a path label ("/orders/42")',
    );
    expect(routeLabelsCheck(histogram('method="GET",http_route="/users/3f2b8c1e-4d5a-4e6f-8a9b-0c1d2e3f4a5b",code="200"')).pass).toBe(
      false,
    );
    expect(routeLabelsCheck(histogram('method="GET",http_route="/orders/42/items",code="200"')).detail).toContain(
      'an id where a template (/orders/:id) belongs',
    );
    expect(routeLabelsCheck(histogram('method="GET",http_route="/v2/orders/:id",code="200"')).pass).toBe(true);
  });

  it('scores level 1 on either signal, and stops at the first level with a failed check', () => {
    const metricsOnly = [passed('metrics', 1, 'metrics', ''), { ...passed('logs', 1, 'logs', ''), pass: false }];
    expect(maturity(metricsOnly).level).toBe(1);
    const gap = [...metricsOnly, { ...passed('red', 2, 'red', ''), pass: false }, passed('trace', 3, 'trace', '')];
    expect(maturity(gap)).toMatchObject({ level: 1, missing: [{ id: 'red' }] });
  });
});
