import type { ExemplarRow, ScrapeSampleRow } from '../store/index.js';
import type { Exposition, ParsedExemplar } from './exposition-parser.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
/** Exemplar label names that carry the trace and span ids (OpenTelemetry's, Grafana's, prom-client users'). */
const TRACE_ID_LABELS = ['trace_id', 'traceID', 'traceId'];
const SPAN_ID_LABELS = ['span_id', 'spanID', 'spanId'];

export interface SampleContext {
  readonly timeUnixNano: bigint;
  readonly target: string;
  readonly job: string;
}

function takeId(labels: Record<string, string>, names: readonly string[], pattern: RegExp): string | undefined {
  for (const name of names) {
    const value = labels[name]?.toLowerCase();
    if (value !== undefined && pattern.test(value)) {
      delete labels[name];
      return value;
    }
  }
  return undefined;
}

/** An exemplar as the store keeps it: the trace and span ids in their own fields (the UI opens the trace). */
export function exemplarRow(exemplar: ParsedExemplar, scrapeTime: bigint): ExemplarRow {
  const labels = { ...exemplar.labels };
  const traceId = takeId(labels, TRACE_ID_LABELS, TRACE_ID);
  const spanId = takeId(labels, SPAN_ID_LABELS, SPAN_ID);
  const row: ExemplarRow = { timeUnixNano: exemplar.timestampNanos ?? scrapeTime, value: exemplar.value };
  if (traceId !== undefined) row.traceId = traceId;
  if (spanId !== undefined) row.spanId = spanId;
  if (Object.keys(labels).length > 0) row.filteredAttributes = labels;
  return row;
}

/** Every sample of a parsed scrape; the sample time is the scrape's unless the sample carries its own. */
export function sampleRows(exposition: Exposition, context: SampleContext): ScrapeSampleRow[] {
  const rows: ScrapeSampleRow[] = [];
  for (const family of exposition.families) {
    for (const sample of family.samples) {
      const row: ScrapeSampleRow = {
        timeUnixNano: sample.timestampNanos ?? context.timeUnixNano,
        target: context.target,
        job: context.job,
        name: sample.name,
        metricType: family.type,
        labels: sample.labels,
        value: sample.value,
      };
      if (family.help !== undefined && family.help !== '') row.description = family.help;
      if (family.unit !== undefined && family.unit !== '') row.unit = family.unit;
      if (sample.exemplar !== undefined) row.exemplar = exemplarRow(sample.exemplar, context.timeUnixNano);
      rows.push(row);
    }
  }
  return rows;
}

/** The samples Prometheus adds to every scrape: `up`, `scrape_duration_seconds`, `scrape_samples_scraped`. */
export function reportRows(context: SampleContext, up: boolean, durationSeconds: number, samplesScraped: number): ScrapeSampleRow[] {
  const row = (name: string, value: number): ScrapeSampleRow => ({
    timeUnixNano: context.timeUnixNano,
    target: context.target,
    job: context.job,
    name,
    metricType: 'gauge',
    labels: {},
    value,
  });
  return [row('up', up ? 1 : 0), row('scrape_duration_seconds', durationSeconds), row('scrape_samples_scraped', samplesScraped)];
}

/** The service a scrape speaks for: `target_info`'s `service_name` (OpenTelemetry's exporters), else any sample's. */
export function serviceNameIn(exposition: Exposition): string | undefined {
  let fallback: string | undefined;
  for (const family of exposition.families) {
    for (const sample of family.samples) {
      const name = sample.labels.service_name;
      if (name === undefined || name === '') continue;
      if (family.name === 'target_info' || sample.name === 'target_info') return name;
      fallback ??= name;
    }
  }
  return fallback;
}
