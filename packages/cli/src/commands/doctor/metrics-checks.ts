import { type CheckResult, failed, passed } from './check.js';
import type { Exposition, Series } from './exposition.js';

const METHOD_LABELS = ['http_request_method', 'method', 'http_method'];
const STATUS_LABELS = ['http_response_status_code', 'status_code', 'status', 'code', 'http_status_code'];
const ROUTE_LABELS = ['http_route', 'route', 'handler', 'endpoint'];
/** Labels that carry the requested path itself: one series per URL, unbounded. */
const RAW_PATH_LABELS = ['path', 'url', 'uri', 'http_target', 'http_url', 'url_path', 'request_path', 'url_full'];
/** A path segment that is an id, not part of a template: numbers, UUIDs, long hex or base64-ish tokens. */
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12,}|[A-Za-z0-9_-]{20,})$/i;
/** Distinct route values past which labels are unbounded whatever they look like. */
const MAX_ROUTES = 200;

export function metricsEndpointCheck(url: string, status: number | undefined, exposition: Exposition | undefined): CheckResult {
  const title = 'metrics endpoint';
  if (status === undefined) return failed('metrics', 1, title, `GET ${url}: no answer`, 'expose Prometheus metrics at /metrics');
  if (exposition === undefined || exposition.series.length === 0)
    return failed(
      'metrics',
      1,
      title,
      `GET ${url} → ${status}, but no Prometheus samples`,
      'expose Prometheus metrics at /metrics (the SDK: observer.metricsHandler)',
    );
  const families = new Set(exposition.series.map((series) => series.name)).size;
  return passed('metrics', 1, title, `GET ${url} → ${status}: ${exposition.series.length} series of ${families} metrics`);
}

const has = (series: Series, names: readonly string[]) => names.find((name) => series.labels[name] !== undefined);

/** An HTTP server duration histogram labelled by method, route and status: rate, errors and duration in one metric. */
export function redMetricsCheck(exposition: Exposition | undefined): CheckResult {
  const title = 'RED metrics';
  const fix =
    'record an HTTP server duration histogram by method, route and status (http_server_request_duration_seconds, as the SDK does)';
  const buckets = (exposition?.series ?? []).filter((series) => /http/.test(series.name) && /duration.*_bucket$/.test(series.name));
  if (buckets.length === 0) return failed('red', 2, title, 'no HTTP request duration histogram with samples', fix);
  const complete = buckets.find(
    (series) => has(series, METHOD_LABELS) && has(series, STATUS_LABELS) && (has(series, ROUTE_LABELS) ?? has(series, RAW_PATH_LABELS)),
  );
  if (complete === undefined) {
    const sample = buckets[0] as Series;
    const labels = Object.keys(sample.labels).filter((label) => label !== 'le');
    return failed(
      'red',
      2,
      title,
      `${sample.name.replace(/_bucket$/, '')} lacks method, route or status labels (has ${labels.join(', ')})`,
      fix,
    );
  }
  const labels = [
    has(complete, METHOD_LABELS),
    has(complete, ROUTE_LABELS) ?? has(complete, RAW_PATH_LABELS),
    has(complete, STATUS_LABELS),
  ];
  return passed('red', 2, title, `${complete.name.replace(/_bucket$/, '')}: histogram by ${labels.join(', ')}`);
}

function rawPathProblem(series: readonly Series[]): string | undefined {
  for (const one of series) {
    const raw = has(one, RAW_PATH_LABELS);
    if (raw !== undefined) return `${one.name} has a ${raw} label ("${one.labels[raw]}")`;
    const route = has(one, ROUTE_LABELS);
    const value = route === undefined ? undefined : one.labels[route];
    if (value?.split('/').some((segment) => ID_SEGMENT.test(segment)))
      return `${one.name} has ${route}="${value}": an id where a template (/orders/:id) belongs`;
  }
  return undefined;
}

/** Route labels are templates: no raw paths or ids (each would be a new series), and a bounded count. */
export function routeLabelsCheck(exposition: Exposition | undefined): CheckResult {
  const title = 'route labels';
  const fix = 'label requests by route template (/orders/:id), never the raw path: use a framework adapter or http.routes';
  const series = exposition?.series ?? [];
  const problem = rawPathProblem(series);
  if (problem !== undefined) return failed('routes', 2, title, problem, fix);
  const routes = new Set(series.flatMap((one) => ROUTE_LABELS.map((label) => one.labels[label]).filter((value) => value !== undefined)));
  if (routes.size > MAX_ROUTES) return failed('routes', 2, title, `${routes.size} distinct route values: unbounded`, fix);
  if (routes.size === 0) return failed('routes', 2, title, 'no series with a route label', fix);
  const shown = [...routes].slice(0, 4).join(', ');
  return passed('routes', 2, title, `${routes.size} route template(s): ${shown}${routes.size > 4 ? ', …' : ''}`);
}
