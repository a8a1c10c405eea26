import type { MetricInfo } from '../api/types.js';
import { readableUnit } from './metric-unit.js';

/**
 * The metrics sidebar's entries. A scraped Prometheus histogram is stored as three metrics
 * (`_bucket`, `_count`, `_sum`, all of TYPE histogram), a summary as its quantile samples plus
 * `_count` and `_sum`: each family is one entry under its base name that opens the buckets (read as
 * quantiles) or the quantile samples, with its `_count` and `_sum` one click away. A `_count` or
 * `_sum` whose family has no such sample stays an entry of its own, labelled for what it is.
 */
export interface MetricEntry {
  readonly key: string;
  /** The name shown: a family's base name, or the metric's own. */
  readonly label: string;
  /** The metric the entry opens. */
  readonly name: string;
  /** "histogram", "histogram count", "gauge · By". */
  readonly kind: string;
  /** The family's other samples, reachable from the entry: `_count` and `_sum`. */
  readonly members: readonly { readonly name: string; readonly label: 'count' | 'sum' }[];
  /** Every metric name the entry stands for: it is the selected entry when the page shows one of them. */
  readonly names: readonly string[];
}

const PART = /^(.*)_(bucket|count|sum)$/;

function kindOf(metric: MetricInfo, part: string | undefined): string {
  const type = part === 'count' || part === 'sum' ? `${metric.type} ${part}` : metric.type;
  const unit = readableUnit(metric.unit);
  return unit ? `${type} · ${unit}` : type;
}

/** The entries of the metric list, in its order (a family where its first sample is). */
export function metricEntries(metrics: readonly MetricInfo[]): MetricEntry[] {
  const scraped = new Map(metrics.filter((metric) => metric.source === 'scrape').map((metric) => [metric.name, metric]));
  // The sample a family's entry opens: a histogram's buckets, a summary's quantiles (its bare name).
  const headOf = (base: string): MetricInfo | undefined => {
    const buckets = scraped.get(`${base}_bucket`);
    if (buckets?.type === 'histogram') return buckets;
    const quantiles = scraped.get(base);
    return quantiles?.type === 'summary' ? quantiles : undefined;
  };
  const entries: MetricEntry[] = [];
  for (const metric of metrics) {
    const [, base, part] = PART.exec(metric.name) ?? [];
    const family = metric.source === 'scrape' && (metric.type === 'histogram' || metric.type === 'summary');
    if (!family || base === undefined || part === 'bucket') {
      const head = family ? headOf(base ?? metric.name) : undefined;
      if (head === metric) {
        const label = base ?? metric.name;
        const members = (['count', 'sum'] as const)
          .filter((suffix) => scraped.get(`${label}_${suffix}`)?.type === metric.type)
          .map((suffix) => ({ name: `${label}_${suffix}`, label: suffix }));
        entries.push({
          key: `scrape:${metric.name}`,
          label,
          name: metric.name,
          kind: kindOf(metric, undefined),
          members,
          names: [metric.name, ...members.map((member) => member.name)],
        });
        continue;
      }
    } else if (headOf(base)?.type === metric.type) {
      continue; // Listed under its family's entry.
    }
    entries.push({
      key: `${metric.source}:${metric.name}`,
      label: metric.name,
      name: metric.name,
      kind: kindOf(metric, family ? part : undefined),
      members: [],
      names: [metric.name],
    });
  }
  return entries;
}

/**
 * The metric a family's base name stands for (the list shows a scraped histogram under it, so a
 * hand-written link may use it): its `_bucket` samples. Undefined for any other name.
 */
export function familyHeadOf(metrics: readonly MetricInfo[], name: string): string | undefined {
  if (metrics.some((metric) => metric.name === name)) return undefined;
  const buckets = metrics.find((metric) => metric.name === `${name}_bucket`);
  return buckets?.source === 'scrape' && buckets.type === 'histogram' ? buckets.name : undefined;
}

/** The entries whose names (any sample of a family) or kind contain `text`, ignoring case; all for an empty one. */
export function filterEntries(entries: readonly MetricEntry[], text: string): readonly MetricEntry[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return entries;
  return entries.filter(
    (entry) =>
      entry.kind.toLowerCase().includes(needle) ||
      entry.label.toLowerCase().includes(needle) ||
      entry.names.some((name) => name.toLowerCase().includes(needle)),
  );
}

/**
 * Where a newcomer starts: the request and query durations of the stable OpenTelemetry semantic
 * conventions, as OTLP names them and as a Prometheus scrape names them (dots as underscores, the
 * unit as a suffix), in this order.
 */
const STARTING_POINTS: readonly { readonly names: readonly string[]; readonly title: string }[] = [
  { names: ['http.server.request.duration', 'http_server_request_duration_seconds'], title: 'how long requests take' },
  { names: ['http.client.request.duration', 'http_client_request_duration_seconds'], title: 'how long outgoing calls take' },
  { names: ['db.client.operation.duration', 'db_client_operation_duration_seconds'], title: 'how long database queries take' },
];

/** The entries a page without a chosen metric suggests: those of STARTING_POINTS present, with what each tells. */
export function startingEntries(entries: readonly MetricEntry[]): { entry: MetricEntry; title: string }[] {
  return STARTING_POINTS.flatMap(({ names, title }) =>
    entries.filter((entry) => names.includes(entry.label) && entry.kind.split(' · ')[0] === 'histogram').map((entry) => ({ entry, title })),
  );
}
