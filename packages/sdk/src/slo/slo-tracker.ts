import { alertWindowSeconds, type BurnConditionSeconds, promDuration, type Slo } from '@sightline/slo';
import { CountRing, type EventCounts } from './count-ring.js';
import type { SloAlertCondition, SloBurnRate, SloSeverity, SloStatus } from './slo-status.js';
import { budgetRatioOf, sliView } from './slo-status.js';

/**
 * The rings of one SLO, as fractions of its window (30 d: 1-minute slots for the windows up to
 * 6 h, 15-minute slots for 1 d and 3 d, 1-hour slots for the 30 days): about 22 KB per SLO,
 * whatever the traffic. Every alert window of the workbook is a whole number of its ring's slots.
 */
const RINGS: readonly { readonly slotsPerPeriod: number; readonly slots: number }[] = [
  { slotsPerPeriod: 43_200, slots: 360 },
  { slotsPerPeriod: 2_880, slots: 288 },
  { slotsPerPeriod: 720, slots: 720 },
];

interface TrackedWindow {
  readonly label: string;
  readonly seconds: number;
  readonly ring: CountRing;
}

interface Condition {
  readonly severity: SloSeverity;
  readonly short: TrackedWindow;
  readonly long: TrackedWindow;
  readonly burnRate: number;
}

/**
 * One availability or latency SLO counted in process: the request pass calls record() per
 * request of its scope (a few array increments); status() does the window arithmetic when
 * someone asks (a scrape, a probe, the debug server).
 */
export class SloTracker {
  readonly slo: Slo;
  readonly service: string;
  readonly #rings: readonly CountRing[];
  readonly #windows: readonly TrackedWindow[];
  readonly #conditions: readonly Condition[];
  readonly #budgetRatio: number;
  readonly #startedAt: number;

  constructor(slo: Slo, service: string, startedAtMs: number) {
    this.slo = slo;
    this.service = service;
    this.#startedAt = startedAtMs;
    this.#budgetRatio = budgetRatioOf(slo.objective);
    const periodMs = slo.window.seconds * 1000;
    this.#rings = RINGS.map(({ slotsPerPeriod, slots }) => new CountRing(periodMs / slotsPerPeriod, slots + 1));
    const windows = alertWindowSeconds(slo.window.seconds);
    this.#windows = windows.recorded.map((seconds) => this.#tracked(seconds));
    const byLength = (seconds: number) => this.#windows.find((window) => window.seconds === seconds) as TrackedWindow;
    const conditions = (severity: SloSeverity, list: readonly BurnConditionSeconds[]): Condition[] =>
      list.map((c) => ({ severity, short: byLength(c.short), long: byLength(c.long), burnRate: c.burnRate }));
    this.#conditions = [
      ...(slo.alerting.page.disable ? [] : conditions('page', windows.page)),
      ...(slo.alerting.ticket.disable ? [] : conditions('ticket', windows.ticket)),
    ];
  }

  #tracked(seconds: number): TrackedWindow {
    const ring = this.#rings.find((candidate) => seconds * 1000 <= candidate.spanMs);
    if (ring === undefined) throw new RangeError(`no ring holds a window of ${seconds} s`);
    return { label: promDuration(seconds), seconds, ring };
  }

  /** One event of the SLI at `nowMs` (the request pass's clock). */
  record(nowMs: number, bad: boolean): void {
    const rings = this.#rings;
    for (let i = 0; i < rings.length; i++) (rings[i] as CountRing).add(nowMs, bad);
  }

  status(nowMs: number): SloStatus {
    const slo = this.slo;
    const budgetRatio = this.#budgetRatio;
    const rates = new Map<TrackedWindow, SloBurnRate>();
    for (const window of this.#windows) {
      const counts = window.ring.sum(window.seconds * 1000, nowMs, { total: 0, bad: 0 });
      rates.set(window, burnRateOf(window, counts, budgetRatio));
    }
    const period = rates.get(this.#windows.at(-1) as TrackedWindow) as SloBurnRate;
    const conditions = this.#conditions.map((c): SloAlertCondition => {
      const short = (rates.get(c.short) as SloBurnRate).burnRate;
      const long = (rates.get(c.long) as SloBurnRate).burnRate;
      const firing = short !== null && long !== null && short > c.burnRate && long > c.burnRate;
      return { severity: c.severity, short: c.short.label, long: c.long.label, burnRate: c.burnRate, firing };
    });
    const alert = conditions.some((c) => c.firing && c.severity === 'page')
      ? 'page'
      : conditions.some((c) => c.firing && c.severity === 'ticket')
        ? 'ticket'
        : null;
    const allowed = period.total * budgetRatio;
    return {
      id: slo.id,
      name: slo.name,
      service: this.service,
      description: slo.description,
      objective: slo.objective,
      window: slo.window.text,
      sli: sliView(slo.sli),
      tracked: true,
      note: null,
      observedSeconds: Math.min(slo.window.seconds, Math.max(0, (nowMs - this.#startedAt) / 1000)),
      events: { total: period.total, bad: period.bad },
      errorBudget: {
        allowed,
        consumed: period.bad,
        // Sloth's period_error_budget_remaining: 1 - period burn rate; negative once overspent.
        remainingRatio: period.burnRate === null ? 1 : 1 - period.burnRate,
      },
      burnRates: [...rates.values()],
      conditions,
      alert,
    };
  }
}

function burnRateOf(window: TrackedWindow, counts: EventCounts, budgetRatio: number): SloBurnRate {
  // No traffic in the window: no error ratio (Prometheus' 0/0), so no burn and no alert.
  const errorRatio = counts.total > 0 ? counts.bad / counts.total : null;
  return {
    window: window.label,
    seconds: window.seconds,
    total: counts.total,
    bad: counts.bad,
    errorRatio,
    burnRate: errorRatio === null ? null : errorRatio / budgetRatio,
  };
}
