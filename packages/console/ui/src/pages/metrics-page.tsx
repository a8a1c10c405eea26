import { useEffect, useMemo } from 'react';
import { compareSeries } from '../../../src/server/store/series-order.js';
import { api } from '../api/client.js';
import type { Exemplar, MetricQuantiles } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { valueWithUnit } from '../components/axis-format.js';
import { BreakableName } from '../components/breakable-name.js';
import { MAX_EXEMPLARS_DRAWN, thinExemplars } from '../components/exemplar-thinning.js';
import { MAX_LINES, pointsChart, SERIES_COLORS, type SeriesChoice, seriesLabel, summaryQuantileChart } from '../components/metric-chart.js';
import { familyHeadOf, filterEntries, type MetricEntry, metricEntries, startingEntries } from '../components/metric-list.js';
import { chartUnits } from '../components/metric-unit.js';
import { chartCaption, type MetricKind, metricViews, pickView, viewLabel } from '../components/metric-views.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { type ChartMarker, type ChartSeries, TimeChart } from '../components/time-chart.js';
import { counted, nanosToMs, plural, valueText } from '../format.js';
import { hrefOf, Link, navigate, useLocation } from '../router.js';

/** Metrics: pick a metric, optionally one series (labels), see it charted with its exemplars. */
export function MetricsPage() {
  const { query } = useLocation();
  const name = query.get('name') ?? undefined;
  const since = query.get('since') ?? '1h';
  const selectedText = query.get('series');
  const view = query.get('view') ?? undefined;
  const filter = query.get('q') ?? '';
  // Every link of the page keeps the list's filter.
  const here = (params: Record<string, string | null | undefined>) => hrefOf('/metrics', { ...params, q: filter });
  const selected = useMemo(() => (selectedText === null ? undefined : (JSON.parse(selectedText) as SeriesChoice)), [selectedText]);
  const metrics = useApi('metrics', (signal) => api.metrics(signal));
  const info = metrics.data?.metrics.find((metric) => metric.name === name);
  // A scraped histogram's base name (the list's label for its family) opens its buckets.
  const familyHead = name === undefined || metrics.data === undefined ? undefined : familyHeadOf(metrics.data.metrics, name);
  useEffect(() => {
    if (familyHead !== undefined)
      navigate(hrefOf('/metrics', { name: familyHead, since, series: selectedText, view, q: filter }), { replace: true });
  }, [familyHead, since, selectedText, view, filter]);
  // What the metric is decides how it is read: until the list says, nothing is fetched to be drawn.
  const kind: MetricKind | undefined =
    info !== undefined ? info : name !== undefined && metrics.data !== undefined ? { name, type: '', source: 'otlp' } : undefined;
  const views = kind === undefined ? [] : metricViews(kind);
  const current = kind === undefined ? undefined : pickView(views, view);
  // A histogram's buckets are read as quantiles by the API (PromQL's histogram_quantile): a
  // scraped family's `_bucket` samples, or an OTLP histogram. An OTLP summary's quantiles are in its points.
  const bucketQuantiles = current === 'quantiles' && kind?.type !== 'summary';
  const series = useApi(name === undefined ? null : `series:${name}:${since}`, (signal) => api.metricSeries(name!, { since }, signal));
  const attributeParams = useMemo(() => {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(selected?.attributes ?? {})) params[`attr.${key}`] = valueText(value);
    return params;
  }, [selected]);
  // All series: the server sends the first MAX_LINES (the series table's order), not every point of every series.
  const points = useApi(current === undefined || bucketQuantiles ? null : `points:${name}:${since}:${selectedText ?? ''}`, (signal) =>
    api.metricPoints(
      name!,
      { since, service: selected?.service, ...attributeParams, maxSeries: selected === undefined ? MAX_LINES : undefined },
      signal,
    ),
  );
  // The server sums the buckets per step (the selected label set's `le` is ignored: every bucket counts).
  const quantiles = useApi(bucketQuantiles ? `quantiles:${name}:${since}:${selectedText ?? ''}` : null, (signal) =>
    api.metricQuantiles(name!, { since, service: selected?.service, ...attributeParams }, signal),
  );

  const chart = useMemo(() => {
    if (current === undefined || kind === undefined) return undefined;
    if (bucketQuantiles) return quantiles.data === undefined ? undefined : quantileChart(quantiles.data, kind.name, info?.unit, selected);
    if (points.data === undefined) return undefined;
    const drawn = current === 'quantiles' ? summaryQuantileChart(points.data.points) : pointsChart(points.data.points, current);
    // Exemplars are measurements in the metric's unit: they share the lines' axis only when the
    // lines are in that unit too (a histogram's mean, a summary's quantiles, a gauge); beside a rate they get their own.
    // A scraped family stores no unit: its name states it (a `_seconds_bucket` exemplar is in s).
    const units = chartUnits(kind.name, info?.unit);
    const exemplars = exemplarMarkers(
      drawn.drawn.flatMap((point) => point.exemplars),
      units.exemplars,
    );
    const markers = thinExemplars(exemplars, MAX_EXEMPLARS_DRAWN);
    const rates = drawn.modes.every((mode) => mode === 'rate' || mode === 'deltaRate');
    const sameUnit = drawn.modes.every((mode) => mode === 'mean') || current === 'quantiles' || kind.type === 'gauge';
    return {
      times: drawn.times,
      series: drawn.series,
      markers,
      exemplarCount: exemplars.length,
      unit: rates
        ? `${units.values ?? ''}/s`
        : sameUnit
          ? units.exemplars
          : drawn.modes.every((mode) => mode === 'value')
            ? units.values
            : undefined,
      markerAxis: sameUnit || markers.length === 0 ? undefined : { unit: units.exemplars },
      note: chartCaption(current, kind, drawn.modes),
    };
  }, [points.data, quantiles.data, bucketQuantiles, current, kind, selected, info?.unit]);
  const sortedSeries = useMemo(() => [...(series.data?.series ?? [])].sort(compareSeries), [series.data]);
  const otlpHistogram = kind?.source === 'otlp' && kind.type !== 'summary' && views.includes('quantiles');
  const entries = useMemo(() => metricEntries(metrics.data?.metrics ?? []), [metrics.data]);
  const shown = filterEntries(entries, filter);

  return (
    <div className="page metrics-page">
      <nav className="metric-list" aria-label="metrics">
        <h3>Metrics</h3>
        {metrics.error !== undefined ? <ErrorNotice error={metrics.error} /> : null}
        {metrics.data?.metrics.length === 0 ? <p className="muted small">No metrics stored yet.</p> : null}
        {entries.length > 0 ? (
          <div className="metric-filter">
            <input
              type="search"
              className="metric-filter-input"
              name="q"
              placeholder="filter metrics"
              aria-label="filter metrics"
              value={filter}
              onChange={(event) =>
                navigate(hrefOf('/metrics', { name, since, series: selectedText, view, q: event.target.value }), { replace: true })
              }
            />
            {filter.trim() === '' ? null : (
              <span className="muted small">
                {shown.length} of {entries.length}
              </span>
            )}
          </div>
        ) : null}
        {entries.length > 0 && shown.length === 0 ? <p className="muted small metric-none">No metric matches “{filter.trim()}”.</p> : null}
        {shown.map((entry) => {
          const active = name !== undefined && entry.names.includes(name);
          return (
            <div key={entry.key} className={active ? 'metric-entry active' : 'metric-entry'}>
              <Link href={here({ name: entry.name, since })} className={entry.name === name ? 'metric-item active' : 'metric-item'}>
                <span className="metric-name">
                  <BreakableName name={entry.label} />
                </span>
                <span className="muted small">{entry.kind}</span>
              </Link>
              {entry.members.length > 0 ? (
                <span className="metric-members small">
                  {entry.members.map((member, index) => (
                    <span key={member.name}>
                      {index > 0 ? ' · ' : ''}
                      <Link
                        href={here({ name: member.name, since })}
                        className={member.name === name ? 'metric-member-active' : undefined}
                        title={member.name}
                      >
                        {member.label}
                      </Link>
                    </span>
                  ))}
                </span>
              ) : null}
            </div>
          );
        })}
      </nav>
      <section className="metric-view">
        {name === undefined ? (
          <MetricsStart entries={startingEntries(entries)} link={(entry) => here({ name: entry.name, since })} />
        ) : null}
        {name !== undefined ? (
          <>
            <div className="page-title">
              <h2>{name}</h2>
              <div className="title-actions">
                {views.length > 1 && kind !== undefined ? (
                  <>
                    {views.map((choice, index) => (
                      <Link
                        key={choice}
                        className={choice === current ? 'button active' : 'button'}
                        // The default reading keeps the URL short: no view.
                        href={here({ name, since, series: selectedText, view: index === 0 ? undefined : choice })}
                      >
                        {viewLabel(choice, kind)}
                      </Link>
                    ))}
                    <span className="divider" />
                  </>
                ) : null}
                {['15m', '1h', '6h', '24h'].map((window) => (
                  <Link
                    key={window}
                    className={window === since ? 'button active' : 'button'}
                    href={here({ name, since: window, series: selectedText, view })}
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
                {bucketQuantiles
                  ? otlpHistogram
                    ? 'No export interval in this window yet: quantiles come from the increase between two exports of the buckets (or from delta points).'
                    : 'No scrape interval in this window yet: quantiles come from the increase between two scrapes of the buckets.'
                  : 'No points in this window.'}
              </Notice>
            ) : null}
            {chart !== undefined && chart.times.length > 0 ? (
              <div className="panel">
                <TimeChart
                  key={`${name}:${view}:${since}:${selectedText ?? ''}`}
                  times={chart.times}
                  series={chart.series}
                  markers={chart.markers}
                  unit={chart.unit}
                  markerAxis={chart.markerAxis}
                />
                <p className="muted small">
                  {chart.note}{' '}
                  {chart.markers.length > 0
                    ? `${counted(chart.exemplarCount, 'exemplar')} (${plural(chart.markers.length, 'a diamond', 'diamonds')}${exemplarAxisNote(chart.markerAxis)}${chart.markers.length < chart.exemplarCount ? `; ${chart.markers.length} drawn, the highest of each time slice` : ''}): click ${plural(chart.markers.length, 'it', 'one')} to open its trace.`
                    : 'No exemplars in this window.'}
                  {!bucketQuantiles && selected === undefined && (series.data?.series.length ?? 0) > MAX_LINES
                    ? ` Showing the first ${MAX_LINES} of ${series.data?.series.length} series: pick one below.`
                    : ''}
                  {!bucketQuantiles && points.data?.truncated
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
                    <Link href={here({ name, since, view })}>all series</Link>
                  </td>
                  <td />
                </tr>
                {sortedSeries.map((entry) => {
                  const choice = { service: entry.service, attributes: entry.attributes };
                  const text = JSON.stringify(choice);
                  return (
                    <tr key={text} className={text === selectedText ? 'selected' : undefined}>
                      <td>
                        <Link href={here({ name, since, series: text, view })} className="series-link">
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
  const unit = chartUnits(name, storedUnit).exemplars;
  const exemplars = exemplarMarkers(answer.exemplars, unit);
  const markers = thinExemplars(exemplars, MAX_EXEMPLARS_DRAWN);
  const observed = (answer.quantiles[0]?.values ?? []).filter((value) => value !== null).length;
  const scope =
    selected === undefined ? 'all series' : seriesLabel({ service: selected.service, attributes: withoutLe(selected.attributes) });
  const series: ChartSeries[] = answer.quantiles.map((line, index) => ({
    label: `p${Math.round(line.quantile * 1000) / 10} ${scope}`,
    color: SERIES_COLORS[index % SERIES_COLORS.length]!,
    values: line.values,
  }));
  return {
    times: answer.times,
    series,
    markers,
    exemplarCount: exemplars.length,
    unit,
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
 * One diamond per exemplar with a trace, its value in `unit` as the axis writes it. A Prometheus
 * target repeats a bucket's exemplar in every scrape until a newer one replaces it, so the same
 * one is stored many times: drawn once.
 */
function exemplarMarkers(exemplars: readonly Exemplar[], unit: string | undefined): ChartMarker[] {
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
      title: `exemplar ${valueWithUnit(exemplar.value, unit)} · trace ${traceId}`,
      onSelect: () => navigate(hrefOf(`/traces/${traceId}`, { span: exemplar.spanId })),
    });
  }
  return [...markers.values()];
}

/** The page without a chosen metric: pick one, or start with the durations most services export. */
function MetricsStart({ entries, link }: { entries: { entry: MetricEntry; title: string }[]; link: (entry: MetricEntry) => string }) {
  if (entries.length === 0) return <Notice>Pick a metric to chart it.</Notice>;
  return (
    <Notice>
      Pick a metric to chart it, or start with:
      <ul className="metric-start">
        {entries.map(({ entry, title }) => (
          <li key={entry.key}>
            <Link href={link(entry)}>{entry.label}</Link>{' '}
            <span className="muted">
              ({entry.kind}): {title}
            </span>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
