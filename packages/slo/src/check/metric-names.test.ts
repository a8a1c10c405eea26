import { describe, expect, it } from 'vitest';
import { parseSloSpecs } from '../spec/index.js';
import { checkAgainst, metricNamesIn, readExposition } from './metric-names.js';

const EXPOSITION = `# HELP http_server_request_duration_seconds Duration of HTTP server requests.
# TYPE http_server_request_duration_seconds histogram
http_server_request_duration_seconds_bucket{le="0.1",http_route="/orders"} 3
http_server_request_duration_seconds_bucket{le="0.5",http_route="/orders"} 4
http_server_request_duration_seconds_bucket{le="+Inf",http_route="/orders"} 5
http_server_request_duration_seconds_count{http_route="/orders"} 5
up 1
`;

describe('live metric checks', () => {
  it('finds the series an expression reads, not its functions or modifiers', () => {
    expect(metricNamesIn('sum(rate(a_total{code=~"5.."}[{{.window}}])) by (x) / on(job) group_left sum(b [5m]) + ignoring(y) c{}')).toEqual(
      ['a_total', 'b', 'c'],
    );
  });

  it('names unknown metrics and missing bucket bounds with the SLO path', () => {
    const specs = parseSloSpecs(`
version: sightline/v1
service: orders-api
metrics: { duration_buckets: [0.1, 0.25, 0.5] }
slos:
  - { name: ok, objective: 99, sli: { latency: { threshold: 0.5 } } }
  - { name: bucket, objective: 99, sli: { latency: { threshold: 0.25 } } }
  - { name: custom, objective: 99, sli: { events: { error_query: 'sum(rate(jobs_failed_total[{{.window}}]))', total_query: 'sum(rate(up[{{.window}}]))' } } }
`);
    expect(checkAgainst(specs, readExposition(EXPOSITION, 'http://127.0.0.1:3000/metrics'))).toEqual([
      'slos[1].sli.latency.threshold: 0.25 s is not a bucket boundary of http_server_request_duration_seconds_bucket at http://127.0.0.1:3000/metrics (0.1, 0.5)',
      'slos[2].sli: metric jobs_failed_total is not exposed by http://127.0.0.1:3000/metrics',
    ]);
  });
});
