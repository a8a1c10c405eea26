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
  /**
   * `no-rules`: Prometheus has none of the SLO's recording rules (not loaded, or not evaluated
   * yet); `unsupported`: the source cannot compute this SLI (`reason` says why).
   */
  readonly state: 'ok' | 'no-rules' | 'unsupported';
  readonly reason?: string;
  /** 1 - the SLI error ratio over the SLO window. */
  readonly sli: number | undefined;
  /** slo:period_error_budget_remaining:ratio: 1 is untouched, 0 spent, below 0 overspent. */
  readonly budgetRemaining: number | undefined;
  /** Every alert window, shortest first (the SLO window left out: that is budgetRemaining). */
  readonly burnRates: readonly BurnRate[];
  /**
   * The alert that would fire now: the generated rules' conditions (before any `for`) on
   * Prometheus's figures; the console's own verdict on its figures.
   */
  readonly alert: 'page' | 'ticket' | 'none' | undefined;
  /**
   * Set when windows burn past a threshold but the source does not fire yet for want of data: the
   * long window it waits to hold (the console fires only once its stored data covers it).
   */
  readonly waitingForData?: string;
  /** The lowest burn rate at which page and ticket can fire (their slower condition): colours the burn rates. */
  readonly thresholds: { readonly page: number; readonly ticket: number };
}

/** Rule names the status reads: one query fetches all of them. */
export function statusQuery(specs: readonly SloSpec[]): string {
  const ids = specs.flatMap((spec) => spec.slos.map((slo) => slo.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const names = 'slo:(sli_error:ratio_rate[0-9a-z]+|period_error_budget_remaining:ratio|error_budget:ratio|objective:ratio)';
  return `{__name__=~${JSON.stringify(names)}, sloth_id=~${JSON.stringify(ids.join('|'))}}`;
}

/** What a source measured for one SLO: the SLI error ratio per recorded window. */
export interface Measured {
  /** Error ratio by window (`5m` … the SLO window); undefined when there was no traffic. */
  readonly ratios: ReadonlyMap<string, number | undefined>;
  /** The recorded budget, when the source has it; else the spec's. */
  readonly budget?: number;
  /** The recorded budget remaining; else computed from the SLO window's ratio. */
  readonly budgetRemaining?: number;
  /** The source's own verdict (the console's), which the status reports instead of deriving one from the ratios. */
  readonly verdict?: { readonly alert: 'page' | 'ticket' | null; readonly waitingForData?: string };
}

const finite = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? undefined : value);

/** One SLO's status from what a source measured, or why it measured nothing. */
export function sloStatus(
  spec: SloSpec,
  slo: Slo,
  measured: Measured | { readonly missing: 'no-rules' | 'unsupported'; readonly reason?: string },
): SloStatus {
  const windows = alertWindows(slo.window.seconds);
  const budget = ('budget' in measured ? measured.budget : undefined) ?? 1 - slo.objective / 100;
  const ratios = 'ratios' in measured ? measured.ratios : new Map<string, number | undefined>();
  const burn = new Map(windows.recorded.map((window) => [window, mapRatio(finite(ratios.get(window)), budget)] as const));
  const over = (window: string, rate: number) => (burn.get(window) ?? Number.NEGATIVE_INFINITY) > rate;
  const fires = (severity: 'page' | 'ticket') =>
    !slo.alerting[severity].disable && windows[severity].some((c) => over(c.short, c.burnRate) && over(c.long, c.burnRate));
  const periodRatio = finite(ratios.get(windows.period));
  const recordedRemaining = 'ratios' in measured ? finite(measured.budgetRemaining) : undefined;
  const anyBurn = [...burn.values()].some((rate) => rate !== undefined);
  const verdict = 'ratios' in measured ? measured.verdict : undefined;
  const derived = fires('page') ? 'page' : fires('ticket') ? 'ticket' : 'none';
  return {
    service: spec.service,
    slo: slo.name,
    id: slo.id,
    objective: slo.objective,
    window: slo.window.text,
    state: 'missing' in measured ? measured.missing : 'ok',
    ...('missing' in measured && measured.reason !== undefined ? { reason: measured.reason } : {}),
    sli: periodRatio === undefined ? undefined : 1 - periodRatio,
    budgetRemaining: recordedRemaining ?? (periodRatio === undefined ? undefined : 1 - periodRatio / budget),
    burnRates: windows.recorded.filter((window) => window !== windows.period).map((window) => ({ window, rate: burn.get(window) })),
    alert: 'missing' in measured || !anyBurn ? undefined : verdict === undefined ? derived : (verdict.alert ?? 'none'),
    ...(verdict?.waitingForData === undefined ? {} : { waitingForData: verdict.waitingForData }),
    thresholds: {
      page: Math.min(...windows.page.map((c) => c.burnRate)),
      ticket: Math.min(...windows.ticket.map((c) => c.burnRate)),
    },
  };
}

const mapRatio = (ratio: number | undefined, budget: number) => (ratio === undefined ? undefined : ratio / budget);

/** Each SLO's status from the samples of statusQuery() (Prometheus evaluating the generated rules). */
export function sloStatuses(specs: readonly SloSpec[], samples: readonly PromSample[]): SloStatus[] {
  return specs.flatMap((spec) =>
    spec.slos.map((slo) => {
      const mine = samples.filter((sample) => sample.labels.sloth_id === slo.id);
      if (!mine.some((sample) => sample.labels.__name__ === 'slo:objective:ratio')) return sloStatus(spec, slo, { missing: 'no-rules' });
      const value = (name: string) => finite(mine.find((sample) => sample.labels.__name__ === name)?.value);
      const windows = alertWindows(slo.window.seconds).recorded;
      const budget = value('slo:error_budget:ratio');
      const budgetRemaining = value('slo:period_error_budget_remaining:ratio');
      return sloStatus(spec, slo, {
        ratios: new Map(windows.map((window) => [window, value(SLI_ERROR_RATIO(window))])),
        ...(budget === undefined ? {} : { budget }),
        ...(budgetRemaining === undefined ? {} : { budgetRemaining }),
      });
    }),
  );
}
