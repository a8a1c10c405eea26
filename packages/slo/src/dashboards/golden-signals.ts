import type { MetricsSource } from '../spec/index.js';
import { type Layout, type Panel, row, timeseries } from './panels.js';

/** `{job="orders-api", …extra}`: the service's series, as its SLIs select them. */
export function selectorOf(metrics: MetricsSource, extra: readonly string[] = []): string {
  return `{${[...Object.entries(metrics.selector).map(([name, value]) => `${name}=${JSON.stringify(value)}`), ...extra].join(', ')}}`;
}

/**
 * Traffic, errors, latency and saturation from the SDK's metrics: request rate and 5xx share by
 * route, p50/p95/p99 from the request duration histogram (with exemplars: a slow point links to
 * its trace), in-flight requests and event-loop lag.
 */
export function goldenSignalPanels(layout: Layout, metrics: MetricsSource): Panel[] {
  const duration = `${metrics.prefix}http_server_request_duration_seconds`;
  const all = selectorOf(metrics);
  const failed = selectorOf(metrics, ['http_response_status_code=~"5.."']);
  const rate = (selector: string) => `rate(${duration}_count${selector}[$__rate_interval])`;
  const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${duration}_bucket${all}[$__rate_interval])))`;
  return [
    row(layout, 'Golden signals'),
    timeseries(layout, 12, {
      title: 'Traffic: requests per second by route',
      description: 'Requests answered per second, by route template (http_route).',
      unit: 'reqps',
      min: 0,
      targets: [{ expr: `sum by (http_route) (${rate(all)})`, legendFormat: '{{http_route}}' }],
    }),
    timeseries(layout, 12, {
      title: 'Errors: share of 5xx answers by route',
      description: 'Server errors (5xx) over all answers, by route template; 4xx answers are the client’s and not counted.',
      unit: 'percentunit',
      min: 0,
      targets: [
        {
          expr: `sum by (http_route) (${rate(failed)})\n/\nsum by (http_route) (${rate(all)})`,
          legendFormat: '{{http_route}}',
        },
      ],
    }),
    timeseries(layout, 12, {
      title: 'Latency: p50, p95, p99',
      description: 'Request duration quantiles from the histogram; the dots are exemplars, each linked to the trace of a request.',
      unit: 's',
      min: 0,
      targets: [
        { expr: quantile(0.5), legendFormat: 'p50', exemplar: true },
        { expr: quantile(0.95), legendFormat: 'p95', exemplar: true },
        { expr: quantile(0.99), legendFormat: 'p99', exemplar: true },
      ],
    }),
    timeseries(layout, 12, {
      title: 'Saturation: in-flight requests and event-loop lag',
      description: 'Requests in progress, and the p99 event-loop delay: a busy loop delays every request.',
      unit: 'short',
      min: 0,
      targets: [
        { expr: `sum(${metrics.prefix}http_server_active_requests${all})`, legendFormat: 'in-flight requests' },
        { expr: `max(${metrics.prefix}nodejs_eventloop_lag_p99_seconds${all}) * 1000`, legendFormat: 'event-loop lag p99 (ms)' },
      ],
    }),
  ];
}
