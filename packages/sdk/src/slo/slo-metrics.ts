import { Gauge, type Registry } from 'prom-client';
import { ratioOfPercent, type SloStatus } from './slo-status.js';

/**
 * The SLOs as gauges, computed when Prometheus scrapes (prom-client's collect()): nothing is
 * set per request. Untracked SLOs (events, raw) export their objective only. Names follow the
 * generated rules' (`slo:objective:ratio`, `slo:period_error_budget_remaining:ratio`) with the
 * SDK's `sightline_` prefix, so an in-process figure and Prometheus' sit side by side.
 */
export function registerSloMetrics(registry: Registry, prefix: string, status: () => readonly SloStatus[]): void {
  for (const { name, help, labelNames, fill } of SLO_GAUGES) {
    new Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const slo of status()) fill(this, slo);
      },
    });
  }
}

interface SloGauge {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Sets the gauge's series for one SLO at collect time. */
  readonly fill: (gauge: Gauge, slo: SloStatus) => void;
}

const SLO_GAUGES: readonly SloGauge[] = [
  {
    name: 'sightline_slo_objective_ratio',
    help: 'SLO objective as a ratio (99.9 % is 0.999).',
    labelNames: ['slo'],
    fill: (g, slo) => g.set({ slo: slo.name }, ratioOfPercent(slo.objective)),
  },
  {
    name: 'sightline_slo_error_budget_remaining_ratio',
    help: 'Share of the error budget left over the SLO window as far as this process has seen it (1 - period burn rate; negative once overspent).',
    labelNames: ['slo'],
    fill: (g, slo) => {
      if (slo.errorBudget !== null) g.set({ slo: slo.name }, slo.errorBudget.remainingRatio);
    },
  },
  {
    name: 'sightline_slo_error_budget_events',
    help: 'Error budget in events over the observed SLO window: allowed ((1 - objective) * total) and consumed (bad events).',
    labelNames: ['slo', 'state'],
    fill: (g, slo) => {
      if (slo.errorBudget === null) return;
      g.set({ slo: slo.name, state: 'allowed' }, slo.errorBudget.allowed);
      g.set({ slo: slo.name, state: 'consumed' }, slo.errorBudget.consumed);
    },
  },
  {
    name: 'sightline_slo_burn_rate',
    help: 'Error ratio over the window divided by the error budget ratio (1 spends the budget exactly over the SLO window); no series for a window without traffic.',
    labelNames: ['slo', 'window'],
    fill: (g, slo) => {
      for (const rate of slo.burnRates) if (rate.burnRate !== null) g.set({ slo: slo.name, window: rate.window }, rate.burnRate);
    },
  },
  {
    name: 'sightline_slo_alert_firing',
    help: 'Whether the multi-window multi-burn-rate alert of this severity would fire now (1) or not (0).',
    labelNames: ['slo', 'severity'],
    fill: (g, slo) => {
      if (!slo.tracked) return;
      for (const severity of new Set(slo.conditions.map((c) => c.severity))) {
        g.set({ slo: slo.name, severity }, slo.conditions.some((c) => c.severity === severity && c.firing) ? 1 : 0);
      }
    },
  },
  {
    name: 'sightline_slo_observed_seconds',
    help: 'How much of the SLO window this process has seen: its history starts with the process.',
    labelNames: ['slo'],
    fill: (g, slo) => {
      if (slo.tracked) g.set({ slo: slo.name }, slo.observedSeconds);
    },
  },
];
