import type { MetricKind } from '../components/metric-views.js';
import { viewLabel } from '../components/metric-views.js';
import { Link } from '../router.js';
import type { MetricReadings } from './use-metric-readings.js';
import type { MetricsLocation } from './use-metrics-location.js';

const WINDOWS = ['15m', '1h', '6h', '24h'];

/** The metric's name, its readings (when it has more than one) and the time windows. */
export function MetricTitle({
  at,
  name,
  kind,
  readings,
}: {
  at: MetricsLocation;
  name: string;
  kind: MetricKind | undefined;
  readings: MetricReadings;
}) {
  const { since, selectedText, view, here } = at;
  const { views, current } = readings;
  return (
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
        {WINDOWS.map((window) => (
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
  );
}
