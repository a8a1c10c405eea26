import type { CheckDetails, CheckOutcome, HealthCheck } from '../health/index.js';
import type { SloStatus } from './slo-status.js';

export const SLO_CHECK_NAME = 'slo';

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Scalars per SLO (check details are flat): `availability.budget_remaining`, `availability.burn_rate.1h`, `availability.alert`. */
function detailsOf(statuses: readonly SloStatus[]): CheckDetails {
  const details: Record<string, string | number | boolean> = {};
  for (const slo of statuses) {
    details[`${slo.name}.objective`] = slo.objective;
    if (slo.errorBudget === null) {
      details[`${slo.name}.tracked`] = false;
      continue;
    }
    details[`${slo.name}.budget_remaining`] = round(slo.errorBudget.remainingRatio);
    for (const rate of slo.burnRates) if (rate.burnRate !== null) details[`${slo.name}.burn_rate.${rate.window}`] = round(rate.burnRate);
    details[`${slo.name}.alert`] = slo.alert ?? 'none';
  }
  return details;
}

function describe(slo: SloStatus): string {
  const firing = slo.conditions
    .filter((c) => c.firing && c.severity === slo.alert)
    .map((c) => `${c.burnRate}x over ${c.long} and ${c.short}`);
  return `${slo.name}: ${slo.alert}-level burn (${firing.join('; ')})`;
}

/**
 * The SLOs in `/healthz` (the aggregate only: a burning budget is no reason to restart a pod or
 * take it out of a Service). Healthy with the figures as details; degraded while a page-level
 * burn is on when `degradeOnBurn` asks for it; a burn without it is in the message only.
 */
export function sloHealthCheck(status: () => readonly SloStatus[], degradeOnBurn: boolean): HealthCheck {
  return {
    name: SLO_CHECK_NAME,
    critical: false,
    probes: [],
    check(): CheckOutcome {
      const statuses = status();
      const details = detailsOf(statuses);
      const burning = statuses.filter((slo) => slo.alert !== null);
      if (burning.length === 0) return { status: 'healthy', details };
      const paging = burning.some((slo) => slo.alert === 'page');
      return { status: degradeOnBurn && paging ? 'degraded' : 'healthy', message: burning.map(describe).join('; '), details };
    },
  };
}
