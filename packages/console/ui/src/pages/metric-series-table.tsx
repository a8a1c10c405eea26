import { seriesLabel } from '../components/metric-chart.js';
import { ErrorNotice } from '../components/notice.js';
import { Link } from '../router.js';
import type { MetricReadings } from './use-metric-readings.js';
import type { MetricsLocation } from './use-metrics-location.js';

/** The metric's series (label sets) in the window: each one a link that charts it alone. */
export function MetricSeriesTable({ at, name, readings }: { at: MetricsLocation; name: string; readings: MetricReadings }) {
  const { since, view, selected, selectedText, here } = at;
  return (
    <>
      <h3>Series</h3>
      {readings.series.error !== undefined ? <ErrorNotice error={readings.series.error} /> : null}
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
          {readings.sortedSeries.map((entry) => {
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
  );
}
