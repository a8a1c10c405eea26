import { alertWindows, SLI_ERROR_RATIO, type Slo, type SloSpec } from '@sightline/slo';
import type { PromSample } from './prometheus-query.js';

export interface BurnRate {
  readonly window: string;
  /** Error ratio over the window / error budget; undefined when there is no value (no traffic). */
  readonly rate: number | undefined;
}

export interface SloStatus {
  readonly service: string;
  readonly slo: string;
  readonly id: string;
  /** Percent, as in the spec. */
  readonly objective: number;
  readonly window: string;
  /** `no-rules`: Prometheus has none of the SLO's recording rules (not loaded, or not evaluated yet). */
  readonly state: 'ok' | 'no-rules';
  /** 1 - the SLI error ratio over the SLO window. */
  readonly sli: number | undefined;
  /** slo:period_error_budget_remaining:ratio: 1 is untouched, 0 spent, below 0 overspent. */
  readonly budgetRemaining: number | undefined;
  /** Every alert window, shortest first (the SLO window left out: that is budgetRemaining). */
  readonly burnRates: readonly BurnRate[];
  /** The alert the generated rules would fire now (their conditions, before any `for`). */
  readonly alert: 'page' | 'ticket' | 'none' | undefined;
  /** The lowest burn rate at which page and ticket can fire (their slower condition): colours the burn rates. */
  readonly thresholds: { readonly page: number; readonly ticket: number };
}

/** Rule names the status reads: one query fetches all of them. */
export function statusQuery(specs: readonly SloSpec[]): string {
  const ids = specs.flatMap((spec) => spec.slos.map((slo) => slo.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const names = 'slo:(sli_error:ratio_rate[0-9a-z]+|period_error_budget_remaining:ratio|error_budget:ratio|objective:ratio)';
  return `{__name__=~${JSON.stringify(names)}, sloth_id=~${JSON.stringify(ids.join('|'))}}`;
}

const finite = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? undefined : value);

/** Each SLO's status from the samples of statusQuery(). */
export function sloStatuses(specs: readonly SloSpec[], samples: readonly PromSample[]): SloStatus[] {
  return specs.flatMap((spec) => spec.slos.map((slo) => statusOf(spec, slo, samples)));
}

function statusOf(spec: SloSpec, slo: Slo, samples: readonly PromSample[]): SloStatus {
  const mine = samples.filter((sample) => sample.labels.sloth_id === slo.id);
  const value = (name: string) => finite(mine.find((sample) => sample.labels.__name__ === name)?.value);
  const windows = alertWindows(slo.window.seconds);
  // The recorded budget when the rules are loaded; the spec's otherwise (same number).
  const budget = value('slo:error_budget:ratio') ?? 1 - slo.objective / 100;
  const burn = new Map(
    windows.recorded.map((window) => {
      const ratio = value(SLI_ERROR_RATIO(window));
      return [window, ratio === undefined ? undefined : ratio / budget] as const;
    }),
  );
  const over = (window: string, rate: number) => (burn.get(window) ?? Number.NEGATIVE_INFINITY) > rate;
  const fires = (severity: 'page' | 'ticket') =>
    !slo.alerting[severity].disable && windows[severity].some((c) => over(c.short, c.burnRate) && over(c.long, c.burnRate));
  const periodRatio = value(SLI_ERROR_RATIO(windows.period));
  const loaded = mine.some((sample) => sample.labels.__name__ === 'slo:objective:ratio');
  const anyBurn = [...burn.values()].some((rate) => rate !== undefined);
  return {
    service: spec.service,
    slo: slo.name,
    id: slo.id,
    objective: slo.objective,
    window: slo.window.text,
    state: loaded ? 'ok' : 'no-rules',
    sli: periodRatio === undefined ? undefined : 1 - periodRatio,
    budgetRemaining: value('slo:period_error_budget_remaining:ratio'),
    burnRates: windows.recorded.filter((window) => window !== windows.period).map((window) => ({ window, rate: burn.get(window) })),
    alert: !loaded || !anyBurn ? undefined : fires('page') ? 'page' : fires('ticket') ? 'ticket' : 'none',
    thresholds: {
      page: Math.min(...windows.page.map((c) => c.burnRate)),
      ticket: Math.min(...windows.ticket.map((c) => c.burnRate)),
    },
  };
}
