import { sliQueries } from '../rules/index.js';
import type { SloSpec } from '../spec/index.js';

/** Names followed by a selector `{` or a range `[`: the series a PromQL expression reads (functions are followed by `(`). */
const SELECTOR = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g;
const NOT_METRICS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool']);

export function metricNamesIn(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.replaceAll('{{.window}}', '5m').matchAll(SELECTOR)) {
    if (!NOT_METRICS.has(match[1]!)) names.add(match[1]!);
  }
  return [...names];
}

/** What a live source offers: metric names, and the `le` bounds of each histogram's buckets. */
export interface AvailableMetrics {
  /** Where they were read from, for the messages. */
  readonly source: string;
  readonly names: ReadonlySet<string>;
  /** `<name>_bucket` → its `le` bounds (absent when the source cannot tell, like Prometheus' name list). */
  readonly buckets?: ReadonlyMap<string, ReadonlySet<number>>;
}

/** Problems of the specs against a live source, each with the SLO's path: unknown metrics, missing buckets. */
export function checkAgainst(specs: readonly SloSpec[], available: AvailableMetrics): string[] {
  const problems: string[] = [];
  specs.forEach((spec, specIndex) => {
    const prefix = specs.length > 1 ? `document ${specIndex + 1}: ` : '';
    spec.slos.forEach((slo, index) => {
      const at = `${prefix}slos[${index}].sli`;
      const queries = sliQueries(slo.sli, spec.metrics);
      const exprs = queries.kind === 'raw' ? [queries.errorRatio] : [queries.error, queries.total];
      for (const name of new Set(exprs.flatMap(metricNamesIn))) {
        if (!available.names.has(name)) problems.push(`${at}: metric ${name} is not exposed by ${available.source}`);
      }
      if (slo.sli.kind === 'latency') {
        const bucket = `${spec.metrics.prefix}http_server_request_duration_seconds_bucket`;
        const bounds = available.buckets?.get(bucket);
        if (bounds !== undefined && !bounds.has(slo.sli.threshold)) {
          problems.push(
            `${at}.latency.threshold: ${slo.sli.threshold} s is not a bucket boundary of ${bucket} at ${available.source} (${[...bounds].sort((a, b) => a - b).join(', ')})`,
          );
        }
      }
    });
  });
  return problems;
}

/** Metric names and histogram bucket bounds from a Prometheus text or OpenMetrics exposition. */
export function readExposition(text: string, source: string): AvailableMetrics {
  const names = new Set<string>();
  const buckets = new Map<string, Set<number>>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name === undefined) continue;
    names.add(name);
    if (name.endsWith('_bucket')) {
      const le = /[{,]\s*le="([^"]*)"/.exec(line)?.[1];
      if (le !== undefined && le !== '+Inf') {
        const set = buckets.get(name) ?? new Set<number>();
        set.add(Number(le));
        buckets.set(name, set);
      }
    }
  }
  return { source, names, buckets };
}
