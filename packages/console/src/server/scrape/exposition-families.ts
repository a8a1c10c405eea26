/**
 * Metric family types and which sample names belong to a family, per format.
 * Text format 0.0.4 (Prometheus' Go parser, expfmt): `_sum`/`_count` join a summary,
 * `_bucket`/`_sum`/`_count` a histogram; every other type is its own name.
 * OpenMetrics 1.0 §4.5 (counter `_total`, `_created`; info `_info`; gaugehistogram `_gcount`, `_gsum`…).
 */
export type TextMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
export type OpenMetricsType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'stateset' | 'info' | 'unknown';
export type MetricType = TextMetricType | OpenMetricsType;

export const TEXT_TYPES: ReadonlySet<string> = new Set<TextMetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
export const OPENMETRICS_TYPES: ReadonlySet<string> = new Set<OpenMetricsType>([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'stateset',
  'info',
  'unknown',
]);

const TEXT_SUFFIXES: Readonly<Record<TextMetricType, readonly string[]>> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

const OPENMETRICS_SUFFIXES: Readonly<Record<OpenMetricsType, readonly string[]>> = {
  counter: ['_total', '_created'],
  gauge: [''],
  unknown: [''],
  stateset: [''],
  info: ['_info'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['', '_count', '_sum', '_created'],
};

/** The suffix of `sampleName` that places it in family `family` of `type`, or undefined if it is not one of its samples. */
export function memberSuffix(family: string, type: MetricType, sampleName: string, openMetrics: boolean): string | undefined {
  if (!sampleName.startsWith(family)) return undefined;
  const suffix = sampleName.slice(family.length);
  const allowed = openMetrics ? OPENMETRICS_SUFFIXES[type as OpenMetricsType] : TEXT_SUFFIXES[type as TextMetricType];
  return allowed?.includes(suffix) ? suffix : undefined;
}

/** Candidate family names of a text-format sample, most specific first (expfmt's lookup order). */
export function textFamilyCandidates(sampleName: string): string[] {
  const candidates = [sampleName];
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix) && sampleName.length > suffix.length) candidates.push(sampleName.slice(0, -suffix.length));
  }
  return candidates;
}

/** OpenMetrics: exemplars only on counter `_total` and (gauge)histogram `_bucket` samples. */
export function acceptsExemplar(type: MetricType, suffix: string): boolean {
  if (type === 'counter') return suffix === '_total';
  if (type === 'histogram' || type === 'gaugehistogram') return suffix === '_bucket';
  return false;
}
