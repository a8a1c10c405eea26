import type { SloSpec } from '@sightline/slo';
import type { RequestOutcome, RequestPassListener, RequestState } from '../http/index.js';
import { type SloStatus, untrackedStatus } from './slo-status.js';
import { SloTracker } from './slo-tracker.js';

/** How one tracked SLO judges a request, resolved at setup. */
interface Judge {
  readonly tracker: SloTracker;
  /** Undefined: every method. */
  readonly methods: ReadonlySet<string> | undefined;
  /** Latency SLIs: slower than this many seconds is bad; undefined for availability (5xx is bad). */
  readonly thresholdSeconds: number | undefined;
}

const NO_JUDGES: readonly Judge[] = [];

/**
 * The SLOs of one service fed by the request pass. Per request: one Map lookup by route
 * template, then per SLO in scope a method check and the tracker's increments. No string is
 * built and nothing is allocated; the judges of a route are found in a table built at setup.
 */
export class RequestSlos implements RequestPassListener {
  readonly spec: SloSpec;
  readonly #trackers: readonly SloTracker[];
  /** SLOs that name routes, by route template. */
  readonly #byRoute = new Map<string, Judge[]>();
  /** SLOs over every route. */
  readonly #everyRoute: Judge[] = [];
  readonly #order: readonly (SloTracker | SloStatus)[];

  constructor(spec: SloSpec, startedAtMs: number) {
    this.spec = spec;
    const trackers: SloTracker[] = [];
    this.#order = spec.slos.map((slo) => {
      const sli = slo.sli;
      if (sli.kind !== 'availability' && sli.kind !== 'latency') return untrackedStatus(slo, spec.service);
      const tracker = new SloTracker(slo, spec.service, startedAtMs);
      trackers.push(tracker);
      const judge: Judge = {
        tracker,
        methods: sli.methods.length === 0 ? undefined : new Set(sli.methods),
        thresholdSeconds: sli.kind === 'latency' ? sli.threshold : undefined,
      };
      if (sli.routes.length === 0) this.#everyRoute.push(judge);
      for (const route of new Set(sli.routes)) {
        const judges = this.#byRoute.get(route);
        if (judges === undefined) this.#byRoute.set(route, [judge]);
        else judges.push(judge);
      }
      return tracker;
    });
    this.#trackers = trackers;
  }

  /** True when at least one SLO is counted in process. */
  get tracking(): boolean {
    return this.#trackers.length > 0;
  }

  /** RequestPass finish listener: the request finished at startedAt + durationMs, on performance.now()'s clock. */
  onFinish(state: RequestState, outcome: RequestOutcome): void {
    this.record(state.method, outcome.route, outcome.status, outcome.durationMs, state.startedAt + outcome.durationMs);
  }

  record(method: string, route: string, status: number, durationMs: number, nowMs: number): void {
    judge(this.#everyRoute, method, status, durationMs, nowMs);
    judge(this.#byRoute.get(route) ?? NO_JUDGES, method, status, durationMs, nowMs);
  }

  /** Every SLO of the spec in its order, the untracked ones with their note. */
  status(nowMs: number): SloStatus[] {
    return this.#order.map((entry) => (entry instanceof SloTracker ? entry.status(nowMs) : entry));
  }
}

function judge(judges: readonly Judge[], method: string, status: number, durationMs: number, nowMs: number): void {
  for (let i = 0; i < judges.length; i++) {
    const { tracker, methods, thresholdSeconds } = judges[i] as Judge;
    if (methods !== undefined && !methods.has(method)) continue;
    // As the generated rules count them: a 5xx answer, or a duration above the histogram's `le` bucket.
    const bad = thresholdSeconds === undefined ? status >= 500 && status < 600 : durationMs / 1000 > thresholdSeconds;
    tracker.record(nowMs, bad);
  }
}
