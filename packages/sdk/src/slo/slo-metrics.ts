import { Gauge, type Registry } from 'prom-client';
import { ratioOfPercent, type SloStatus } from './slo-status.js';

/**
 * The SLOs as gauges, computed when Prometheus scrapes (prom-client's collect()): nothing is
 * set per request. Untracked SLOs (events, raw) export their objective only. Names follow the
 * generated rules' (`slo:objective:ratio`, `slo:period_error_budget_remaining:ratio`) with the
 * SDK's `sightline_` prefix, so an in-process figure and Prometheus' sit side by side.
 */
export function registerSloMetrics(registry: Registry, prefix: string, status: () => readonly SloStatus[]): void {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (gauge: Gauge<L>, slo: SloStatus) => void) =>
    new Gauge<L>({
      name: `${prefix}${name}`,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const slo of status()) fill(this, slo);
      },
    });

  gauge('sightline_slo_objective_ratio', 'SLO objective as a ratio (99.9 % is 0.999).', ['slo'], (g, slo) =>
    g.set({ slo: slo.name }, ratioOfPercent(slo.objective)),
  );
  gauge(
    'sightline_slo_error_budget_remaining_ratio',
    'Share of the error budget left over the SLO window as far as this process has seen it (1 - period burn rate; negative once overspent).',
    ['slo'],
    (g, slo) => {
      if (slo.errorBudget !== null) g.set({ slo: slo.name }, slo.errorBudget.remainingRatio);
    },
  );
  gauge(
    'sightline_slo_error_budget_events',
    'Error budget in events over the observed SLO window: allowed ((1 - objective) * total) and consumed (bad events).',
    ['slo', 'state'],
    (g, slo) => {
      if (slo.errorBudget === null) return;
      g.set({ slo: slo.name, state: 'allowed' }, slo.errorBudget.allowed);
      g.set({ slo: slo.name, state: 'consumed' }, slo.errorBudget.consumed);
    },
  );
  gauge(
    'sightline_slo_burn_rate',
    'Error ratio over the window divided by the error budget ratio (1 spends the budget exactly over the SLO window); no series for a window without traffic.',
    ['slo', 'window'],
    (g, slo) => {
      for (const rate of slo.burnRates) if (rate.burnRate !== null) g.set({ slo: slo.name, window: rate.window }, rate.burnRate);
    },
  );
  gauge(
    'sightline_slo_alert_firing',
    'Whether the multi-window multi-burn-rate alert of this severity would fire now (1) or not (0).',
    ['slo', 'severity'],
    (g, slo) => {
      if (!slo.tracked) return;
      for (const severity of new Set(slo.conditions.map((c) => c.severity))) {
        g.set({ slo: slo.name, severity }, slo.conditions.some((c) => c.severity === severity && c.firing) ? 1 : 0);
      }
    },
  );
  gauge(
    'sightline_slo_observed_seconds',
    'How much of the SLO window this process has seen: its history starts with the process.',
    ['slo'],
    (g, slo) => {
      if (slo.tracked) g.set({ slo: slo.name }, slo.observedSeconds);
    },
  );
}
