import type { Registry } from 'prom-client';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

interface ExemplarLike {
  labelSet: Record<string, string | number>;
  value: number;
  timestamp?: number;
}

export interface Sample {
  labels: Record<string, string | number | undefined>;
  value: number;
  metricName?: string;
  exemplar?: ExemplarLike | null;
}

/** A metric family as prom-client's get() returns it at runtime (its typings say otherwise). */
export interface MetricFamily {
  name: string;
  help: string;
  type: string;
  values: Sample[];
  aggregator?: string;
}

export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** Content negotiation as Prometheus does it: OpenMetrics only when the scraper asks for it. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function formatLabels(labels: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(labels)) {
    if (value === undefined) continue;
    out += `${out === '' ? '' : ','}${name}="${escapeLabel(typeof value === 'number' ? formatValue(value) : String(value))}"`;
  }
  return out === '' ? '' : `{${out}}`;
}

function familyName(metric: MetricFamily, format: ExpositionFormat): string {
  // OpenMetrics names the counter family without _total and suffixes the sample instead.
  if (format === 'openmetrics' && metric.type === 'counter' && metric.name.endsWith('_total')) {
    return metric.name.slice(0, -'_total'.length);
  }
  return metric.name;
}

function formatFamily(metric: MetricFamily, format: ExpositionFormat): string {
  const name = familyName(metric, format);
  const type = format === 'openmetrics' && metric.type === 'untyped' ? 'unknown' : metric.type;
  let out = `# HELP ${name} ${escapeHelp(metric.help)}\n# TYPE ${name} ${type}\n`;
  for (const sample of metric.values) {
    let sampleName = sample.metricName ?? metric.name;
    if (format === 'openmetrics' && metric.type === 'counter' && !sampleName.endsWith('_total')) sampleName += '_total';
    out += `${sampleName}${formatLabels(sample.labels)} ${formatValue(sample.value)}`;
    const exemplar = sample.exemplar;
    if (format === 'openmetrics' && exemplar && Object.keys(exemplar.labelSet).length > 0) {
      out += ` # ${formatLabels(exemplar.labelSet)} ${formatValue(exemplar.value)}`;
      if (exemplar.timestamp !== undefined) out += ` ${exemplar.timestamp}`;
    }
    out += '\n';
  }
  return out;
}

/**
 * Renders a prom-client registry in either format. prom-client renders OpenMetrics only
 * per registry (and renames counters in place while doing it), so one registry could not
 * answer both kinds of scraper; this renders from getMetricsAsJSON() without mutating.
 */
export async function renderMetrics(registry: Registry, format: ExpositionFormat): Promise<string> {
  const metrics = (await registry.getMetricsAsJSON()) as unknown as MetricFamily[];
  let out = '';
  for (const metric of metrics) out += formatFamily(metric, format);
  if (format === 'openmetrics') out += '# EOF\n';
  return out;
}

export function contentTypeFor(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
}
