import type { SloStatus } from '../api/types.js';
import { coverageText, windowCoverage } from '../components/slo-coverage.js';

export type Condition = SloStatus['conditions'][number];

/** A ratio as a percent with enough digits for SLOs (99.95 %, not 100 %). */
export function percent(ratio: number | null, digits = 2): string {
  return ratio === null ? '–' : `${(ratio * 100).toFixed(digits)} %`;
}

export const burn = (rate: number | null) => (rate === null ? '–' : `${rate < 10 ? rate.toFixed(2) : rate.toFixed(0)}x`);

/** Under this share of its budget left an SLO is low on it (amber). */
export const LOW_BUDGET = 0.25;

/** Budget left: red when spent, amber under a quarter, green otherwise. */
export function budgetClass(remaining: number | null): string {
  if (remaining === null) return 'budget-unknown';
  if (remaining <= 0) return 'budget-spent';
  return remaining < LOW_BUDGET ? 'budget-low' : 'budget-ok';
}

export const burnOf = (slo: SloStatus, window: string) => slo.burnRates.find((rate) => rate.window === window)?.burnRate ?? null;

/** Both windows over the threshold, but the data does not cover the long one: not fired (the server says which). */
export function burnsOnPartialData(condition: Condition): boolean {
  return condition.burning && !condition.firing;
}

/** Over what the budget is computed: the SLO window, or the part of it the data covers. */
export function budgetScope(slo: SloStatus): string {
  const coverage = windowCoverage(slo.window, slo.dataSinceMs, Date.now());
  if (slo.dataSinceMs === null || !coverage.partial) return `over ${slo.window}`;
  return `over ${coverageText(coverage)}`;
}

export function sliText(slo: SloStatus): string {
  const scope = slo.sli.routes.length === 0 ? 'all routes' : slo.sli.routes.join(', ');
  const methods = slo.sli.methods.length === 0 ? '' : ` (${slo.sli.methods.join(', ')})`;
  return slo.sli.kind === 'latency'
    ? `requests under ${slo.sli.thresholdSeconds} s, ${scope}${methods}`
    : `non-5xx answers, ${scope}${methods}`;
}
