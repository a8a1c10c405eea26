import { MAX_LINES } from '../components/metric-chart.js';
import { Loading, Notice } from '../components/notice.js';
import { TimeChart } from '../components/time-chart.js';
import { counted, plural } from '../format.js';
import type { MetricChart } from './metric-page-chart.js';
import type { MetricReadings } from './use-metric-readings.js';
import type { MetricsLocation } from './use-metrics-location.js';

/** The chart with its caption; loading, or a notice when the window has nothing to draw. */
export function MetricChartPanel({ at, name, readings }: { at: MetricsLocation; name: string; readings: MetricReadings }) {
  const { chart, bucketQuantiles, otlpHistogram } = readings;
  return (
    <>
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
            key={`${name}:${at.view}:${at.since}:${at.selectedText ?? ''}`}
            times={chart.times}
            series={chart.series}
            markers={chart.markers}
            unit={chart.unit}
            markerAxis={chart.markerAxis}
          />
          <p className="muted small">
            {chart.note} {exemplarsText(chart)}
            {!bucketQuantiles && at.selected === undefined && (readings.series.data?.series.length ?? 0) > MAX_LINES
              ? ` Showing the first ${MAX_LINES} of ${readings.series.data?.series.length} series: pick one below.`
              : ''}
            {!bucketQuantiles && readings.points.data?.truncated
              ? ` The window holds more points than one answer carries: showing its newest ${readings.points.data.points.length.toLocaleString('en-US')}.`
              : ''}
          </p>
        </div>
      ) : null}
    </>
  );
}

/** How many exemplars there are, how many are drawn, and where to read them off. */
function exemplarsText(chart: MetricChart): string {
  if (chart.markers.length === 0) return 'No exemplars in this window.';
  const thinned = chart.markers.length < chart.exemplarCount ? `; ${chart.markers.length} drawn, the highest of each time slice` : '';
  return `${counted(chart.exemplarCount, 'exemplar')} (${plural(chart.markers.length, 'a diamond', 'diamonds')}${exemplarAxisNote(chart.markerAxis)}${thinned}): click ${plural(chart.markers.length, 'it', 'one')} to open its trace.`;
}

/** Where the exemplar dots are read off: the lines' axis, or the right-hand one in its unit. */
function exemplarAxisNote(axis: { readonly unit?: string | undefined } | undefined): string {
  if (axis === undefined) return '';
  return axis.unit ? `, on the right-hand axis, in ${axis.unit}` : ', on the right-hand axis';
}
