import { startingEntries } from '../components/metric-list.js';
import { ErrorNotice } from '../components/notice.js';
import { MetricChartPanel } from './metric-chart-panel.js';
import { MetricListNav } from './metric-list-nav.js';
import { MetricSeriesTable } from './metric-series-table.js';
import { MetricTitle } from './metric-title.js';
import { MetricsStart } from './metrics-start.js';
import { type MetricCatalog, useMetricCatalog } from './use-metric-catalog.js';
import { type MetricReadings, useMetricReadings } from './use-metric-readings.js';
import { type MetricsLocation, useMetricsLocation } from './use-metrics-location.js';

/** Metrics: pick a metric, optionally one series (labels), see it charted with its exemplars. */
export function MetricsPage() {
  const at = useMetricsLocation();
  const catalog = useMetricCatalog(at);
  const readings = useMetricReadings(at, catalog);
  return (
    <div className="page metrics-page">
      <MetricListNav at={at} catalog={catalog} />
      <section className="metric-view">
        {at.name === undefined ? (
          <MetricsStart entries={startingEntries(catalog.entries)} link={(entry) => at.here({ name: entry.name, since: at.since })} />
        ) : null}
        {at.name !== undefined ? <MetricView at={at} name={at.name} catalog={catalog} readings={readings} /> : null}
      </section>
    </div>
  );
}

interface MetricViewProps {
  readonly at: MetricsLocation;
  readonly name: string;
  readonly catalog: MetricCatalog;
  readonly readings: MetricReadings;
}

/** The chosen metric: its title, description, chart and series. */
function MetricView({ at, name, catalog, readings }: MetricViewProps) {
  const { info } = catalog;
  return (
    <>
      <MetricTitle at={at} name={name} kind={catalog.kind} readings={readings} />
      {info?.description ? <p className="muted">{info.description}</p> : null}
      {readings.points.error !== undefined ? <ErrorNotice error={readings.points.error} /> : null}
      {readings.quantiles.error !== undefined ? <ErrorNotice error={readings.quantiles.error} /> : null}
      <MetricChartPanel at={at} name={name} readings={readings} />
      <MetricSeriesTable at={at} name={name} readings={readings} />
    </>
  );
}
