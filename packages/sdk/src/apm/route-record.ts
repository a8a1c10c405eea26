import { bucketOf, quantilesOf } from './latency-buckets.js';
import { type ApdexZone, FRUSTRATED, SATISFIED, SlidingWindow, TOLERATING, WindowCounts } from './window-counts.js';

/** `all`: since the observer started; `1m` and `5m`: sliding windows (see SlidingWindow). */
export type ApmWindow = 'all' | '1m' | '5m';
export const APM_WINDOWS: readonly ApmWindow[] = ['1m', '5m', 'all'];

/** 6 slots of 10 s (50–60 s of history) and 5 of 60 s (4–5 min). */
const ONE_MINUTE = { slotMs: 10_000, slots: 6 };
const FIVE_MINUTES = { slotMs: 60_000, slots: 5 };

export const SUMMARY_QUANTILES = [0.5, 0.95, 0.99] as const;

/** One (method, route) over one window. Latencies and Apdex are null when the window saw nothing. */
export interface RouteSummary {
  readonly method: string;
  readonly route: string;
  readonly window: ApmWindow;
  readonly count: number;
  /** Responses with status ≥ 500. */
  readonly errors: number;
  readonly errorRate: number | null;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  /** (satisfied + tolerating / 2) / count. */
  readonly apdex: number | null;
  readonly thresholdMs: number;
  readonly satisfied: number;
  readonly tolerating: number;
  readonly frustrated: number;
}

/**
 * The transaction statistics of one (method, route): created once, on the route's first
 * request; after that recording is a few increments in three windows.
 */
export class RouteRecord {
  readonly method: string;
  readonly route: string;
  readonly thresholdMs: number;
  readonly #toleratedMs: number;
  readonly all = new WindowCounts(true);
  readonly #oneMinute = new SlidingWindow(ONE_MINUTE.slotMs, ONE_MINUTE.slots);
  readonly #fiveMinutes = new SlidingWindow(FIVE_MINUTES.slotMs, FIVE_MINUTES.slots);

  constructor(method: string, route: string, thresholdMs: number) {
    this.method = method;
    this.route = route;
    this.thresholdMs = thresholdMs;
    this.#toleratedMs = 4 * thresholdMs;
  }

  /** `nowMs` is when the request finished, on the clock the windows read. */
  record(durationMs: number, status: number, nowMs: number): void {
    const error = status >= 500;
    const zone: ApdexZone = error || durationMs > this.#toleratedMs ? FRUSTRATED : durationMs <= this.thresholdMs ? SATISFIED : TOLERATING;
    const bucket = bucketOf(durationMs);
    this.all.add(bucket, durationMs, error, zone);
    this.#oneMinute.at(nowMs).add(bucket, durationMs, error, zone);
    this.#fiveMinutes.at(nowMs).add(bucket, durationMs, error, zone);
  }

  /** The window's totals as of `nowMs`; buckets only when quantiles are wanted. */
  counts(window: ApmWindow, nowMs: number, withBuckets: boolean): WindowCounts {
    if (window === 'all') return this.all;
    const merged = new WindowCounts();
    (window === '1m' ? this.#oneMinute : this.#fiveMinutes).mergeInto(merged, nowMs, withBuckets);
    return merged;
  }

  summary(window: ApmWindow, nowMs: number): RouteSummary {
    const counts = this.counts(window, nowMs, true);
    const { count } = counts;
    const empty = count === 0;
    const [p50, p95, p99] = empty
      ? [null, null, null]
      : quantilesOf(counts.buckets ?? [], count, SUMMARY_QUANTILES, counts.minMs, counts.maxMs).map(roundMs);
    return {
      method: this.method,
      route: this.route,
      window,
      count,
      errors: counts.errors,
      errorRate: empty ? null : counts.errors / count,
      p50Ms: p50 ?? null,
      p95Ms: p95 ?? null,
      p99Ms: p99 ?? null,
      apdex: apdexOf(counts),
      thresholdMs: this.thresholdMs,
      satisfied: counts.satisfied,
      tolerating: counts.tolerating,
      frustrated: count - counts.satisfied - counts.tolerating,
    };
  }
}

/** Apdex_T = (satisfied + tolerating / 2) / total; null for an empty window. */
export function apdexOf(counts: WindowCounts): number | null {
  return counts.count === 0 ? null : (counts.satisfied + counts.tolerating / 2) / counts.count;
}

/** Microsecond resolution is plenty for a summary a person reads. */
const roundMs = (value: number) => Math.round(value * 1000) / 1000;
