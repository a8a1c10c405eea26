import { useMemo } from 'react';
import { formatDuration, formatPercent } from '../format.js';
import { DurationBar, ServiceName } from './badges.js';
import type { TraceModel } from './trace-model.js';
import { type SpanStat, traceStatistics } from './trace-stats.js';

/**
 * A trace's spans per service and name: count, durations and self time, most self time first, each
 * with its share of the trace's self time as a bar. A name opens the waterfall at its first span.
 */
export function TraceStatsTable({ model, onPick }: { model: TraceModel; onPick: (stat: SpanStat) => void }) {
  const stats = useMemo(() => traceStatistics(model), [model]);
  return (
    <table className="grid trace-stats">
      <thead>
        <tr>
          <th>span</th>
          <th className="num">count</th>
          <th className="num">errors</th>
          <th className="num">total</th>
          <th className="num">avg</th>
          <th className="num">min</th>
          <th className="num">max</th>
          <th className="num">self time</th>
          <th className="bar-column">share of self time</th>
        </tr>
      </thead>
      <tbody>
        {stats.map((stat) => (
          <tr key={stat.key} className="trace-stat">
            <td>
              <ServiceName name={stat.service} />{' '}
              <button type="button" className="link span-stat-name" onClick={() => onPick(stat)} title="show in the waterfall">
                {stat.name}
              </button>
            </td>
            <td className="num">{stat.count.toLocaleString('en-US')}</td>
            <td className={stat.errors > 0 ? 'num text-error' : 'num muted'}>{stat.errors}</td>
            <td className="num nowrap">{formatDuration(stat.totalMs)}</td>
            <td className="num nowrap">{formatDuration(stat.totalMs / stat.count)}</td>
            <td className="num nowrap">{formatDuration(stat.minMs)}</td>
            <td className="num nowrap">{formatDuration(stat.maxMs)}</td>
            <td className="num nowrap">{formatDuration(stat.selfMs)}</td>
            <td className="bar-column">
              <div className="bar-cell">
                <DurationBar durationMs={stat.selfShare} maxMs={1} error={stat.errors > 0} />
                <span className="nowrap self-share">{formatPercent(stat.selfShare)}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
