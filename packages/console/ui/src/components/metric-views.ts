import type { MetricPoint } from '../api/types.js';
import { type ChartMode, nonDecreasing } from './metric-values.js';

/**
 * How a metric can be read, by its type, and what each reading draws. One table for the chart's
 * default, its choices and its caption:
 *
 * | metric | default | other readings |
 * | --- | --- | --- |
 * | OTLP sum, Prometheus counter, a histogram's or summary's `_count` / `_sum` | rate | value |
 * | Prometheus histogram `_bucket` | p50 · p95 · p99 | rate, value |
 * | OTLP histogram, exponential histogram | p50 · p95 · p99 | mean |
 * | OTLP summary | its quantiles | mean |
 * | gauge, a Prometheus summary's quantile samples, anything else | value | – |
 */

export type MetricView = 'rate' | 'value' | 'mean' | 'quantiles';

/** What the metric list says of a metric. */
export interface MetricKind {
  readonly name: string;
  readonly type: string;
  readonly source: 'otlp' | 'scrape';
}

/** Samples of a Prometheus histogram or summary family that are cumulative counters. */
const COUNTER_SAMPLES = /_(count|sum)$/;

/** The readings of a metric, its default first. */
export function metricViews(kind: MetricKind): readonly MetricView[] {
  const { name, type, source } = kind;
  if (source === 'otlp') {
    if (type === 'sum') return ['rate', 'value'];
    if (type === 'histogram' || type === 'exponentialHistogram' || type === 'summary') return ['quantiles', 'mean'];
    return ['value'];
  }
  if (type === 'counter') return ['rate', 'value'];
  if (type === 'histogram' && name.endsWith('_bucket')) return ['quantiles', 'rate', 'value'];
  // A summary's samples without a suffix are its quantiles: values the service computed, never a counter.
  if ((type === 'histogram' || type === 'summary') && COUNTER_SAMPLES.test(name)) return ['rate', 'value'];
  return ['value'];
}

/** The reading the URL asks for when the metric has it, else the metric's default. */
export function pickView(views: readonly MetricView[], requested: string | null | undefined): MetricView {
  return views.find((view) => view === requested) ?? views[0] ?? 'value';
}

/** A button's label for a reading. */
export function viewLabel(view: MetricView, kind: MetricKind): string {
  if (view === 'quantiles') return kind.type === 'summary' ? 'quantiles' : 'p50 · p95 · p99';
  return view;
}

/**
 * How one series' points (sorted by time) are charted in `view` (not `quantiles`, which has its
 * own answer). A rate: a delta series per point over its own interval; a scraped counter from its
 * increases (a reset leaves a gap); an OTLP cumulative sum when it is monotonic (a counter): an
 * up-down counter has no rate and is drawn as its values. A point that does not say (an older
 * store) is judged by its values: a sum that never goes down is read as a counter.
 */
export function seriesMode(view: MetricView, points: readonly MetricPoint[]): ChartMode {
  if (view === 'mean') return points.some((point) => point.count !== null) ? 'mean' : 'value';
  if (view !== 'rate') return 'value';
  if (points.some((point) => point.temporality === 'delta')) return 'deltaRate';
  if (points[0]?.source === 'scrape') return 'rate';
  const monotonic = points[0]?.monotonic;
  if (typeof monotonic === 'boolean') return monotonic ? 'rate' : 'value';
  return nonDecreasing(points.map((point) => point.value)) ? 'rate' : 'value';
}

const NOTES: Record<ChartMode, string> = {
  rate: 'Charted as a per-second rate of the counter (its increase between points; a reset leaves a gap).',
  deltaRate: 'Charted as a per-second rate: each delta point over its interval.',
  mean: 'Charted as the mean per interval (Δsum / Δcount; sum / count for delta points).',
  value: 'Charted as the values as stored.',
};

/** The sentence under the chart: what its lines are, for the reading and the modes its series took. */
export function chartCaption(view: MetricView, kind: MetricKind, modes: readonly ChartMode[]): string {
  const distinct = [...new Set(modes)];
  if (view === 'rate' && distinct.includes('value')) {
    const rates = distinct.filter((mode) => mode !== 'value').map((mode) => NOTES[mode]);
    return `${rates.join(' ')} Series whose values go down (an up-down counter) are charted as their values.`.trim();
  }
  if (distinct.length === 1 && distinct[0] === 'value') {
    if (kind.type === 'summary' && (view === 'quantiles' || (kind.source === 'scrape' && !COUNTER_SAMPLES.test(kind.name)))) {
      return 'Charted as the quantiles the service computed, as stored (each over the summary’s own window): values, not rates, and not added up across series.';
    }
    if (view === 'value' && metricViews(kind).includes('rate')) return 'Charted as the counter’s values as stored (cumulative totals).';
    if (kind.type === 'gauge') return 'Charted as the gauge’s values as stored.';
  }
  return distinct.map((mode) => NOTES[mode]).join(' ');
}
