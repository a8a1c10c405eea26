import { BreakableName } from '../components/breakable-name.js';
import { filterEntries, type MetricEntry } from '../components/metric-list.js';
import { ErrorNotice } from '../components/notice.js';
import { hrefOf, Link, navigate } from '../router.js';
import type { MetricCatalog } from './use-metric-catalog.js';
import type { MetricsLocation } from './use-metrics-location.js';

/** The sidebar: the stored metrics, filtered by the box at its top. */
export function MetricListNav({ at, catalog }: { at: MetricsLocation; catalog: MetricCatalog }) {
  const { metrics, entries } = catalog;
  const shown = filterEntries(entries, at.filter);
  return (
    <nav className="metric-list" aria-label="metrics">
      <h3>Metrics</h3>
      {metrics.error !== undefined ? <ErrorNotice error={metrics.error} /> : null}
      {metrics.data?.metrics.length === 0 ? <p className="muted small">No metrics stored yet.</p> : null}
      {entries.length > 0 ? <MetricFilter at={at} shown={shown.length} total={entries.length} /> : null}
      {entries.length > 0 && shown.length === 0 ? <p className="muted small metric-none">No metric matches “{at.filter.trim()}”.</p> : null}
      {shown.map((entry) => (
        <MetricEntryLinks key={entry.key} entry={entry} at={at} />
      ))}
    </nav>
  );
}

/** The filter box, and how many entries it leaves. */
function MetricFilter({ at, shown, total }: { at: MetricsLocation; shown: number; total: number }) {
  const { name, since, selectedText, view, filter } = at;
  return (
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
          {shown} of {total}
        </span>
      )}
    </div>
  );
}

/** An entry of the list: the metric it opens, and its family's `_count` and `_sum` beside it. */
function MetricEntryLinks({ entry, at }: { entry: MetricEntry; at: MetricsLocation }) {
  const { name, since, here } = at;
  const active = name !== undefined && entry.names.includes(name);
  return (
    <div className={active ? 'metric-entry active' : 'metric-entry'}>
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
}
