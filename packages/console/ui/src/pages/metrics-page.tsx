import { useMemo } from 'react';
import { api } from '../api/client.js';
import type { Exemplar, MetricPoint, MetricQuantiles } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { chartUnits } from '../components/metric-unit.js';
import { type ChartMode, chartValues, MODE_NOTES, modeOf } from '../components/metric-values.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { type ChartMarker, type ChartSeries, TimeChart } from '../components/time-chart.js';
import { nanosToMs, valueText } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

const COLORS = ['#4f9cf9', '#f5a524', '#3ecf8e', '#c084fc', '#f472b6', '#22d3ee', '#facc15', '#fb7185'];
const MAX_SERIES = COLORS.length;

interface SeriesChoice {
  service: string;
  attributes: Record<string, unknown>;
}

function seriesLabel(choice: SeriesChoice): string {
  const labels = Object.entries(choice.attributes).map(([key, value]) => `${key}=${valueText(value)}`);
  return labels.length === 0 ? choice.service : `${choice.service} {${labels.join(', ')}}`;
}

function seriesKey(service: string, attributes: Record<string, unknown>): string {
  return JSON.stringify([service, Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))]);
}

/** Metrics: pick a metric, optionally one series (labels), see it charted with its exemplars. */
export function MetricsPage() {
  const { query } = useLocation();
  const name = query.get('name') ?? undefined;
  const since = query.get('since') ?? '1h';
  const selectedText = query.get('series');
  const view = query.get('view') ?? undefined;
  const wantRaw = view === 'value';
  const selected = useMemo(() => (selectedText === null ? undefined : (JSON.parse(selectedText) as SeriesChoice)), [selectedText]);
  const metrics = useApi('metrics', (signal) => api.metrics(signal));
  const info = metrics.data?.metrics.find((metric) => metric.name === name);
  // A histogram's buckets can be read as quantiles (PromQL's histogram_quantile): a scraped
  // family's `_bucket` samples, or an OTLP histogram (explicit or exponential buckets).
  const otlpHistogram = info?.source === 'otlp' && (info.type === 'histogram' || info.type === 'exponentialHistogram');
  const buckets = (info?.source === 'scrape' && info.type === 'histogram' && name?.endsWith('_bucket') === true) || otlpHistogram;
  const wantQuantiles = buckets && view === 'quantiles';
  // Until the metric list says what the metric is, a quantile view waits rather than fetch points it will not draw.
  const quantileView = view === 'quantiles' && (metrics.data === undefined || buckets);
  const series = useApi(name === undefined ? null : `series:${name}:${since}`, (signal) => api.metricSeries(name!, { since }, signal));
  const attributeParams = useMemo(() => {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(selected?.attributes ?? {})) params[`attr.${key}`] = valueText(value);
    return params;
  }, [selected]);
  // All series: the server sends the first MAX_SERIES (the series table's order), not every point of every series.
  const points = useApi(name === undefined || quantileView ? null : `points:${name}:${since}:${selectedText ?? ''}`, (signal) =>
    api.metricPoints(
      name!,
      { since, service: selected?.service, ...attributeParams, maxSeries: selected === undefined ? MAX_SERIES : undefined },
      signal,
    ),
  );
  // The server sums the buckets per step (the selected label set's `le` is ignored: every bucket counts).
  const quantiles = useApi(wantQuantiles ? `quantiles:${name}:${since}:${selectedText ?? ''}` : null, (signal) =>
    api.metricQuantiles(name!, { since, service: selected?.service, ...attributeParams }, signal),
  );

  const chart = useMemo(() => {
    if (quantileView) return quantiles.data === undefined ? undefined : quantileChart(quantiles.data, name ?? '', info?.unit, selected);
    if (points.data === undefined) return undefined;
    const groups = new Map<string, { label: string; points: MetricPoint[] }>();
    for (const point of points.data.points) {
      const key = seriesKey(point.service, point.attributes);
      let group = groups.get(key);
      if (group === undefined) {
        if (groups.size >= MAX_SERIES) continue;
        group = { label: seriesLabel({ service: point.service, attributes: point.attributes }), points: [] };
        groups.set(key, group);
      }
      group.points.push(point);
    }
    const times = [...new Set(points.data.points.map((point) => nanosToMs(point.timeUnixNano)))].sort((a, b) => a - b);
    const position = new Map(times.map((time, index) => [time, index]));
    const modes = new Set<ChartMode>();
    const chartSeries: ChartSeries[] = [...groups.values()].map((group, index) => {
      const sorted = [...group.points].sort((a, b) => nanosToMs(a.timeUnixNano) - nanosToMs(b.timeUnixNano));
      const mode = modeOf(sorted[0]?.type ?? '', sorted, wantRaw);
      modes.add(mode);
      const computed = chartValues(sorted, mode);
      const values: (number | null)[] = new Array(times.length).fill(null);
      sorted.forEach((point, pointIndex) => {
        values[position.get(nanosToMs(point.timeUnixNano))!] = computed[pointIndex] ?? null;
      });
      return { label: group.label, color: COLORS[index % COLORS.length]!, values };
    });
    const markers = exemplarMarkers([...groups.values()].flatMap((group) => group.points.flatMap((point) => point.exemplars)));
    // Exemplars are measurements in the metric's unit: they share the lines' axis only when the
    // lines are in that unit too (a histogram's mean, a gauge); beside a rate they get their own.
    // A scraped family stores no unit: its name states it (a `_seconds_bucket` exemplar is in s).
    const units = chartUnits(name ?? '', info?.unit);
    const rates = [...modes].every((mode) => mode === 'rate' || mode === 'deltaRate');
    const sameUnit = [...modes].every((mode) => mode === 'mean') || info?.type === 'gauge';
    return {
      times,
      series: chartSeries,
      markers,
      modes: [...modes],
      unit: rates ? `${units.values ?? ''}/s` : sameUnit ? units.values : undefined,
      markerAxis: sameUnit || markers.length === 0 ? undefined : { unit: units.exemplars },
      note: undefined as string | undefined,
    };
  }, [points.data, quantiles.data, quantileView, wantRaw, selected, name, info?.unit, info?.type]);
  // A scraped histogram or summary arrives as counters (`_bucket`, `_count`, `_sum`): rate or value too.
  const counter =
    info !== undefined &&
    (info.type === 'sum' ||
      info.type === 'counter' ||
      (info.source === 'scrape' && (info.type === 'histogram' || info.type === 'summary')));

  // The ways this metric can be read: a counter as a rate or its value (and a scraped histogram's
  // buckets as quantiles), an OTLP histogram as its mean or quantiles.
  const quantileChoice = { label: 'p50 · p95 · p99', view: 'quantiles' };
  const views: { label: string; view: string | undefined }[] = counter
    ? [{ label: 'rate', view: undefined }, { label: 'value', view: 'value' }, ...(buckets ? [quantileChoice] : [])]
    : otlpHistogram
      ? [{ label: 'mean', view: undefined }, quantileChoice]
      : [];
  const currentView = wantRaw ? 'value' : wantQuantiles ? 'quantiles' : undefined;

  return (
    <div className="page metrics-page">
      <nav className="metric-list" aria-label="metrics">
        <h3>Metrics</h3>
        {metrics.error !== undefined ? <ErrorNotice error={metrics.error} /> : null}
        {metrics.data?.metrics.length === 0 ? <p className="muted small">No metrics stored yet.</p> : null}
        {metrics.data?.metrics.map((metric) => (
          <Link
            key={`${metric.source}:${metric.name}`}
            href={hrefOf('/metrics', { name: metric.name, since })}
            className={metric.name === name ? 'metric-item active' : 'metric-item'}
          >
            <span className="metric-name">{metric.name}</span>
            <span className="muted small">
              {metric.type}
              {metric.unit ? ` · ${metric.unit}` : ''}
            </span>
          </Link>
        ))}
      </nav>
      <section className="metric-view">
        {name === undefined ? <Notice>Pick a metric to chart it.</Notice> : null}
        {name !== undefined ? (
          <>
            <div className="page-title">
              <h2>{name}</h2>
              <div className="title-actions">
                {views.length > 0 ? (
                  <>
                    {views.map((choice) => (
                      <Link
                        key={choice.label}
                        className={choice.view === currentView ? 'button active' : 'button'}
                        href={hrefOf('/metrics', { name, since, series: selectedText, view: choice.view })}
                      >
                        {choice.label}
                      </Link>
                    ))}
                    <span className="divider" />
                  </>
                ) : null}
                {['15m', '1h', '6h', '24h'].map((window) => (
                  <Link
                    key={window}
                    className={window === since ? 'button active' : 'button'}
                    href={hrefOf('/metrics', { name, since: window, series: selectedText, view })}
                  >
                    {window}
                  </Link>
                ))}
              </div>
            </div>
            {info?.description ? <p className="muted">{info.description}</p> : null}
            {points.error !== undefined ? <ErrorNotice error={points.error} /> : null}
            {quantiles.error !== undefined ? <ErrorNotice error={quantiles.error} /> : null}
            {chart === undefined ? <Loading /> : null}
            {chart !== undefined && chart.times.length === 0 ? (
              <Notice>
                {quantileView
                  ? otlpHistogram
                    ? 'No export interval in this window yet: quantiles come from the increase between two exports of the buckets (or from delta points).'
                    : 'No scrape interval in this window yet: quantiles come from the increase between two scrapes of the buckets.'
                  : 'No points in this window.'}
              </Notice>
            ) : null}
            {chart !== undefined && chart.times.length > 0 ? (
              <div className="panel">
                <TimeChart
                  times={chart.times}
                  series={chart.series}
                  markers={chart.markers}
                  unit={chart.unit}
                  markerAxis={chart.markerAxis}
                />
                <p className="muted small">
                  {chart.note ?? chart.modes.map((mode) => MODE_NOTES[mode]).join(' ')}{' '}
                  {chart.markers.length > 0
                    ? `${chart.markers.length} exemplars (dots${exemplarAxisNote(chart.markerAxis)}): click one to open its trace.`
                    : 'No exemplars in this window.'}
                  {!wantQuantiles && selected === undefined && (series.data?.series.length ?? 0) > MAX_SERIES
                    ? ` Showing the first ${MAX_SERIES} of ${series.data?.series.length} series: pick one below.`
                    : ''}
                  {points.data?.truncated
                    ? ` The window holds more points than one answer carries: showing its newest ${points.data.points.length.toLocaleString('en-US')}.`
                    : ''}
                </p>
              </div>
            ) : null}
            <h3>Series</h3>
            {series.error !== undefined ? <ErrorNotice error={series.error} /> : null}
            <table className="grid">
              <thead>
                <tr>
                  <th>series</th>
                  <th>points</th>
                </tr>
              </thead>
              <tbody>
                <tr className={selected === undefined ? 'selected' : undefined}>
                  <td>
                    <Link href={hrefOf('/metrics', { name, since, view })}>all series</Link>
                  </td>
                  <td />
                </tr>
                {series.data?.series.map((entry) => {
                  const choice = { service: entry.service, attributes: entry.attributes };
                  const text = JSON.stringify(choice);
                  return (
                    <tr key={text} className={text === selectedText ? 'selected' : undefined}>
                      <td>
                        <Link href={hrefOf('/metrics', { name, since, series: text, view })} className="series-link">
                          {seriesLabel(choice)}
                        </Link>
                      </td>
                      <td>{entry.points}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        ) : null}
      </section>
    </div>
  );
}

/** Where the exemplar dots are read off: the lines' axis, or the right-hand one in its unit. */
function exemplarAxisNote(axis: { readonly unit?: string | undefined } | undefined): string {
  if (axis === undefined) return '';
  return axis.unit ? `, on the right-hand axis, in ${axis.unit}` : ', on the right-hand axis';
}

/**
 * A histogram (a scraped family's `_bucket` series, or an OTLP histogram) as p50, p95 and p99
 * lines per interval (every series of the selection summed per bound), in its unit (stored, or
 * stated by a scraped name); its exemplars are measurements in that unit, on the same axis.
 */
function quantileChart(answer: MetricQuantiles, name: string, storedUnit: string | null | undefined, selected: SeriesChoice | undefined) {
  const markers = exemplarMarkers(answer.exemplars);
  const observed = (answer.quantiles[0]?.values ?? []).filter((value) => value !== null).length;
  const scope =
    selected === undefined ? 'all series' : seriesLabel({ service: selected.service, attributes: withoutLe(selected.attributes) });
  const series: ChartSeries[] = answer.quantiles.map((line, index) => ({
    label: `p${Math.round(line.quantile * 1000) / 10} ${scope}`,
    color: COLORS[index % COLORS.length]!,
    values: line.values,
  }));
  return {
    times: answer.times,
    series,
    markers,
    modes: [] as ChartMode[],
    unit: chartUnits(name, storedUnit).exemplars,
    markerAxis: undefined,
    note:
      `Charted as p50, p95 and p99 of each interval with observations (${observed} in this window): the buckets' increase, ${selected === undefined ? 'every series' : 'the selected series'} summed per bound, ` +
      "interpolated inside the bucket the rank falls in (PromQL's histogram_quantile). A rank in the +Inf bucket reads as the highest finite bound.",
  };
}

function withoutLe(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== 'le'));
}

/**
 * One dot per exemplar with a trace. A Prometheus target repeats a bucket's exemplar in every
 * scrape until a newer one replaces it, so the same one is stored many times: drawn once.
 */
function exemplarMarkers(exemplars: readonly Exemplar[]): ChartMarker[] {
  const markers = new Map<string, ChartMarker>();
  for (const exemplar of exemplars) {
    const traceId = exemplar.traceId;
    if (traceId === null) continue;
    // Its first sighting (exemplars come oldest first): a target without exemplar timestamps gives each copy the scrape time.
    const key = `${traceId}:${exemplar.spanId}:${exemplar.value}`;
    if (markers.has(key)) continue;
    markers.set(key, {
      timeMs: nanosToMs(exemplar.timeUnixNano),
      value: exemplar.value,
      title: `exemplar ${exemplar.value} · trace ${traceId}`,
      onSelect: () => navigate(hrefOf(`/traces/${traceId}`, { span: exemplar.spanId })),
    });
  }
  return [...markers.values()];
}
