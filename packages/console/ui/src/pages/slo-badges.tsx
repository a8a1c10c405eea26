import type { SloStatus } from '../api/types.js';
import { coverageText, spanText, windowCoverage } from '../components/slo-coverage.js';
import { formatDateTime } from '../format.js';
import { budgetClass, burn, burnOf, burnsOnPartialData, type Condition, percent } from './slo-text.js';

export function BudgetBar({ remaining }: { remaining: number | null }) {
  const width = remaining === null ? 0 : Math.max(0, Math.min(1, remaining)) * 100;
  return (
    <span
      className={`budget-bar ${budgetClass(remaining)}`}
      title={remaining === null ? 'no requests yet' : `${percent(remaining, 1)} of the error budget left`}
    >
      <span className="fill" style={{ width: `${width}%` }} />
    </span>
  );
}

/**
 * The alert that fires now; without one, whether a condition burns over its threshold on less data
 * than its long window (the server does not fire on that): "burning", not "ok".
 */
export function AlertBadge({ slo }: { slo: SloStatus }) {
  const { alert } = slo;
  if (alert !== null) return <span className={`badge ${alert === 'page' ? 'status-error' : 'severity-warn'}`}>{alert}</span>;
  const early = slo.conditions.find((condition) => burnsOnPartialData(condition));
  if (early === undefined) return <span className="badge status-ok">ok</span>;
  const coverage = windowCoverage(early.long, slo.dataSinceMs, Date.now());
  return (
    <span
      className="badge status-partial"
      title={`both windows of the ${early.long}/${early.short} ${early.severity} condition burn faster than ${early.threshold}x, over ${coverageText(coverage)}: too little data to ${early.severity === 'page' ? 'page' : 'open a ticket'}`}
    >
      burning
    </span>
  );
}

/** A burn rate, with how little data it is over when the data starts inside its window. */
export function BurnValue({ slo, window }: { slo: SloStatus; window: string }) {
  const coverage = windowCoverage(window, slo.dataSinceMs, Date.now());
  const rate = burn(burnOf(slo, window));
  if (!coverage.partial || slo.dataSinceMs === null) return rate;
  return (
    <span className="partial" title={`${coverageText(coverage)}: the rate of the data held, not of the whole window`}>
      {rate} <span className="muted small">({spanText(coverage.dataSeconds)} of data)</span>
    </span>
  );
}

/** What a condition does now: fires, stays quiet, or would fire but lacks the data to. */
export function ConditionState({ slo, condition }: { slo: SloStatus; condition: Condition }) {
  if (condition.firing) return <strong className="text-error">firing</strong>;
  const coverage = windowCoverage(condition.long, slo.dataSinceMs, Date.now());
  if (!coverage.partial || slo.dataSinceMs === null) return <span className="muted">quiet</span>;
  return (
    <span className="partial">
      {burnsOnPartialData(condition) ? 'burning, not fired' : 'quiet'}: {coverageText(coverage)}
    </span>
  );
}

/** The console holds less than the SLO window (retention, or a young console): say over what the numbers are. */
export function Coverage({ slo }: { slo: SloStatus }) {
  if (slo.dataSinceMs === null) return <span className="muted">no requests stored yet</span>;
  return <span className="muted">requests since {formatDateTime(slo.dataSinceMs)}</span>;
}
