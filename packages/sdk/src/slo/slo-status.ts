import type { Sli, Slo } from '@sightline/slo';

export type SloSeverity = 'page' | 'ticket';

/** What the SLO measures, as JSON shows it. */
export type SloSliView =
  | { readonly kind: 'availability'; readonly routes: readonly string[]; readonly methods: readonly string[] }
  | {
      readonly kind: 'latency';
      readonly thresholdSeconds: number;
      readonly routes: readonly string[];
      readonly methods: readonly string[];
    }
  | { readonly kind: 'events' | 'raw' };

/** The SLI over one window, and how fast it spends the error budget. */
export interface SloBurnRate {
  /** `5m`, `1h`, … (scaled with the SLO window as the generated rules are), the SLO window last. */
  readonly window: string;
  readonly seconds: number;
  /** Events in the window (fractional: the oldest slot counts by the share of it inside the window). */
  readonly total: number;
  readonly bad: number;
  /** bad / total; null without traffic in the window. */
  readonly errorRatio: number | null;
  /** errorRatio / (1 - objective): 1 spends the budget exactly over the SLO window; null without traffic. */
  readonly burnRate: number | null;
}

/** One multi-window alert condition of the SRE workbook: both windows burn faster than `burnRate`. */
export interface SloAlertCondition {
  readonly severity: SloSeverity;
  readonly short: string;
  readonly long: string;
  readonly burnRate: number;
  readonly firing: boolean;
}

/** One SLO as the process sees it now. */
export interface SloStatus {
  /** `<service>-<name>`, the generated rules' `sloth_id`. */
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly description: string;
  /** Percent, e.g. 99.9. */
  readonly objective: number;
  /** The SLO window as written: `30d`. */
  readonly window: string;
  readonly sli: SloSliView;
  /** False for events and raw SLIs: their PromQL runs in Prometheus, not here (see `note`). */
  readonly tracked: boolean;
  readonly note: string | null;
  /** How much of the SLO window this process has seen (it keeps no history across restarts). */
  readonly observedSeconds: number;
  /** Events over the SLO window (as far as observed); null when not tracked. */
  readonly events: { readonly total: number; readonly bad: number } | null;
  /**
   * `allowed`: bad events the objective allows among those seen, (1 - objective) * total;
   * `consumed`: bad events seen; `remainingRatio`: 1 - consumed / allowed (1 without traffic, negative once overspent).
   */
  readonly errorBudget: { readonly allowed: number; readonly consumed: number; readonly remainingRatio: number } | null;
  /** Every recorded window, shortest first, the SLO window last. */
  readonly burnRates: readonly SloBurnRate[];
  /** The page and ticket conditions (minus those the spec disables) and whether each holds now. */
  readonly conditions: readonly SloAlertCondition[];
  /** The most severe alert that would fire now. */
  readonly alert: SloSeverity | null;
}

/** A percent as a ratio, to 12 significant digits as the generated rules write it: 99.9 is 0.999, not 0.9990000000000001. */
export const ratioOfPercent = (percent: number): number => Number((percent / 100).toPrecision(12));

/** The error budget as a ratio of events: 1 - objective (99.9 % leaves 0.001). */
export const budgetRatioOf = (objective: number): number => Number(((100 - objective) / 100).toPrecision(12));

export function sliView(sli: Sli): SloSliView {
  switch (sli.kind) {
    case 'availability':
      return { kind: 'availability', routes: sli.routes, methods: sli.methods };
    case 'latency':
      return { kind: 'latency', thresholdSeconds: sli.threshold, routes: sli.routes, methods: sli.methods };
    default:
      return { kind: sli.kind };
  }
}

export const UNTRACKED_NOTE =
  'not tracked in process: an events or raw SLI is PromQL, evaluated by Prometheus through the rules `sightline slo generate` writes';

/** An SLO whose SLI the process cannot count: shown with its objective and why, never an error. */
export function untrackedStatus(slo: Slo, service: string): SloStatus {
  return {
    id: slo.id,
    name: slo.name,
    service,
    description: slo.description,
    objective: slo.objective,
    window: slo.window.text,
    sli: sliView(slo.sli),
    tracked: false,
    note: UNTRACKED_NOTE,
    observedSeconds: 0,
    events: null,
    errorBudget: null,
    burnRates: [],
    conditions: [],
    alert: null,
  };
}
