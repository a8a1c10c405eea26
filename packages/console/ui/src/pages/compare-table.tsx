import { DurationBar, ServiceName } from '../components/badges.js';
import { countSide, describeDelta, errorMark, type Side, type SpanGroup, totalSide } from '../components/trace-compare.js';
import { formatDuration } from '../format.js';

/** The two traces per span name: counts, totals and averages, with their differences; the whole trace first. */
export function CompareTable({ groups, durationA, durationB }: { groups: SpanGroup[]; durationA: number; durationB: number }) {
  const max = groups.reduce((value, group) => Math.max(value, group.totalA, group.totalB), 0);
  return (
    <table className="grid compare-table">
      <thead>
        <tr>
          <th>span</th>
          <th className="num">count A</th>
          <th className="num">count B</th>
          <th className="num">Δ count</th>
          <th className="bar-column">total A</th>
          <th className="bar-column">total B</th>
          <th className="num">Δ total</th>
          <th className="num">avg A</th>
          <th className="num">avg B</th>
        </tr>
      </thead>
      <tbody>
        <tr className="compare-total">
          <td>
            <strong>whole trace</strong>
          </td>
          <td colSpan={3} />
          <WholeTraceCell durationMs={durationA} />
          <WholeTraceCell durationMs={durationB} />
          <td className="num">
            <Delta a={durationA} b={durationB} format={formatDuration} />
          </td>
          <td colSpan={2} />
        </tr>
        {groups.map((group) => (
          <CompareRow key={group.key} group={group} max={max} />
        ))}
      </tbody>
    </table>
  );
}

function CompareRow({ group, max }: { group: SpanGroup; max: number }) {
  const mark = errorMark(group);
  const classes = ['compare-row'];
  if (group.countA !== group.countB) classes.push('differs');
  if (mark !== undefined) classes.push('failed');
  return (
    <tr className={classes.join(' ')}>
      <td className="span-cell">
        <ServiceName name={group.service} /> {group.name}
        {mark !== undefined ? (
          <span className="badge status-error" title={mark.title}>
            {mark.text}
          </span>
        ) : null}
      </td>
      <td className="num">{group.countA}</td>
      <td className="num">{group.countB}</td>
      <td className="num">
        <Delta a={countSide(group.countA)} b={countSide(group.countB)} format={String} />
      </td>
      <TotalCell count={group.countA} total={group.totalA} max={max} errors={group.errorsA} />
      <TotalCell count={group.countB} total={group.totalB} max={max} errors={group.errorsB} />
      <td className="num">
        <Delta a={totalSide(group.countA, group.totalA)} b={totalSide(group.countB, group.totalB)} format={formatDuration} />
      </td>
      <td className="num">{group.countA === 0 ? '–' : formatDuration(group.totalA / group.countA)}</td>
      <td className="num">{group.countB === 0 ? '–' : formatDuration(group.totalB / group.countB)}</td>
    </tr>
  );
}

function Delta({ a, b, format }: { a: Side; b: Side; format: (value: number) => string }) {
  const { text, direction } = describeDelta(a, b, format);
  if (direction === 'same') return <span className="muted">{text}</span>;
  return <span className={direction === 'worse' ? 'delta worse' : 'delta better'}>{text}</span>;
}

/** A side's total: its bar (red when a span of it failed) and duration, or "–" when that trace has no such span. */
function TotalCell({ count, total, max, errors }: { count: number; total: number; max: number; errors: number }) {
  if (count === 0) {
    return (
      <td className="bar-column">
        <span className="muted" title="no such span in this trace">
          –
        </span>
      </td>
    );
  }
  return (
    <td className="bar-column">
      <div className="bar-cell">
        <DurationBar durationMs={total} maxMs={max} error={errors > 0} />
        <span className="bar-label">{formatDuration(total)}</span>
      </div>
    </td>
  );
}

/** The whole trace's duration, where the span rows' totals stand (right of their bars). */
function WholeTraceCell({ durationMs }: { durationMs: number }) {
  return (
    <td className="bar-column">
      <div className="bar-cell">
        <span className="bar-space" />
        <span className="bar-label">{formatDuration(durationMs)}</span>
      </div>
    </td>
  );
}
