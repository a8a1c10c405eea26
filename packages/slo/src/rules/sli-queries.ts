import type { MetricsSource, RequestScope, Sli } from '../spec/index.js';

/** The SLI as PromQL over `{{.window}}`: an error ratio, or error and total event rates. */
export type SliQueries =
  | { readonly kind: 'events'; readonly error: string; readonly total: string }
  | { readonly kind: 'raw'; readonly errorRatio: string };

/** Regex metacharacters escaped, then quoted for PromQL (whose strings take Go escapes). */
function promRegexString(values: readonly string[]): string {
  const regex = values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return JSON.stringify(regex);
}

function matchers(metrics: MetricsSource, scope: RequestScope, extra: readonly string[] = []): string {
  const out = Object.entries(metrics.selector).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  if (scope.routes.length > 0) out.push(`http_route=~${promRegexString(scope.routes)}`);
  if (scope.methods.length > 0) out.push(`http_request_method=~${promRegexString(scope.methods)}`);
  return `{${[...out, ...extra].join(', ')}}`;
}

/**
 * A bucket's `le` matcher. Integer bounds are matched in both spellings: prom-client writes `1`,
 * Prometheus 3 normalises classic histogram `le` values to `1.0` when it scrapes them.
 */
function leMatcher(threshold: number): string {
  const text = String(threshold);
  return Number.isInteger(threshold) ? `le=~${JSON.stringify(`${text}|${text}\\.0`)}` : `le=${JSON.stringify(text)}`;
}

/**
 * Availability and latency SLIs on the SDK's request duration histogram (OpenTelemetry's
 * `http.server.request.duration` as Prometheus names it): errors are 5xx answers, or requests
 * slower than the threshold (all requests minus those in the threshold's bucket).
 */
export function sliQueries(sli: Sli, metrics: MetricsSource): SliQueries {
  const duration = `${metrics.prefix}http_server_request_duration_seconds`;
  switch (sli.kind) {
    case 'events':
      return { kind: 'events', error: sli.errorQuery, total: sli.totalQuery };
    case 'raw':
      return { kind: 'raw', errorRatio: sli.errorRatioQuery };
    case 'availability': {
      const total = `sum(rate(${duration}_count${matchers(metrics, sli)}[{{.window}}]))`;
      // No 5xx series exists until a service's first server error, nor after a restart until its
      // next one: without `or vector(0)` the ratio is empty, not 0, while requests succeed (no
      // data for a healthy service), and the SLO window's average of the short ratios then counts
      // only the minutes with errors (a budget spent that is not). With no traffic at all the
      // division by an empty total keeps the ratio empty, as it should be.
      const error = `(sum(rate(${duration}_count${matchers(metrics, sli, ['http_response_status_code=~"5.."'])}[{{.window}}])) or vector(0))`;
      return { kind: 'events', error, total };
    }
    case 'latency': {
      const total = `sum(rate(${duration}_count${matchers(metrics, sli)}[{{.window}}]))`;
      const fast = `sum(rate(${duration}_bucket${matchers(metrics, sli, [leMatcher(sli.threshold)])}[{{.window}}]))`;
      return { kind: 'events', error: `(${total} - ${fast})`, total };
    }
  }
}
