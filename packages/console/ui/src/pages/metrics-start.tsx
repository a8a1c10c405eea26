import type { MetricEntry } from '../components/metric-list.js';
import { Notice } from '../components/notice.js';
import { Link } from '../router.js';

/** The page without a chosen metric: pick one, or start with the durations most services export. */
export function MetricsStart({
  entries,
  link,
}: {
  entries: { entry: MetricEntry; title: string }[];
  link: (entry: MetricEntry) => string;
}) {
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
