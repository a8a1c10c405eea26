import { useMemo } from 'react';
import type { SloDetail } from '../api/types.js';
import type { ValueLevel } from '../components/level-stroke.js';
import { Notice } from '../components/notice.js';
import { TimeChart } from '../components/time-chart.js';
import { LOW_BUDGET } from './slo-text.js';

/** The budget chart's line in the same colours as the table's budgets, by its value (in %). */
const BUDGET_LEVELS: readonly ValueLevel[] = [
  { from: Number.NEGATIVE_INFINITY, color: '#f85149' },
  { from: 0, color: '#d29922' },
  { from: LOW_BUDGET * 100, color: '#3fb950' },
];

/** The error budget left over time, coloured by how much is left. */
export function SloBudgetChart({ detail }: { detail: SloDetail }) {
  const { budget, budgetRemaining: now } = detail;
  const chart = useMemo(
    () => ({
      times: budget.map((point) => point.timeMs),
      series: [
        {
          label: 'error budget left (%)',
          // The legend's colour: where the budget is now.
          color: BUDGET_LEVELS.findLast((level) => level.from <= (now ?? 1) * 100)!.color,
          levels: BUDGET_LEVELS,
          values: budget.map((point) => (point.budgetRemaining === null ? null : point.budgetRemaining * 100)),
        },
      ],
    }),
    [budget, now],
  );
  return (
    <div className="panel" role="img" aria-label="error budget left over time">
      {chart.times.length === 0 ? (
        <Notice>No requests stored yet.</Notice>
      ) : (
        <TimeChart times={chart.times} series={chart.series} unit="%" height={200} />
      )}
    </div>
  );
}
