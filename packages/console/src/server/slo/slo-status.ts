import { alertWindowSeconds, promDuration, type Slo, type SloSpec } from '@sightline/slo';
import type { SloBucket } from '../store/index.js';

/** One alert window's burn: the error ratio over it divided by the budget's ratio (1 = on budget). */
export interface BurnRate {
  window: string;
  /** null: no requests in the window. */
  errorRatio: number | null;
  burnRate: number | null;
}

/**
 * A multi-window condition of an alert, and whether both of its windows burn too fast now. It
 * fires only once the console holds data over the whole long window (so over the short one too):
 * a burn rate over the two minutes a fresh console holds is no hour's burn rate, and must not page.
 */
export interface BurnCondition {
  severity: 'page' | 'ticket';
  short: string;
  long: string;
  threshold: number;
  /** Both windows burn faster than the threshold. */
  burning: boolean;
  /** Burning, and the stored data covers the long window: burning without firing is a young console's wait. */
  firing: boolean;
}

export interface SloStatus {
  id: string;
  service: string;
  name: string;
  description: string;
  objective: number;
  window: string;
  sli: { kind: 'availability' | 'latency'; routes: readonly string[]; methods: readonly string[]; thresholdSeconds?: number };
  /** Requests counted over the SLO window (or the part of it the console holds). */
  total: number;
  bad: number;
  /** Good over total, null without requests. */
  current: number | null;
  /** 1 - consumed share of the budget (negative once overspent), null without requests. */
  budgetRemaining: number | null;
  /** Start of the oldest bucket counted, ms; null without data. */
  dataSinceMs: number | null;
  burnRates: BurnRate[];
  conditions: BurnCondition[];
  /** Which alert would fire now. */
  alert: 'page' | 'ticket' | null;
}

/** Budget remaining over the SLO window ending at each time (rolling), for the chart. */
export interface BudgetPoint {
  timeMs: number;
  budgetRemaining: number | null;
}

/** Bucket width of the counts: fine enough for the 5-minute window. */
export const BUCKET_NS = 60_000_000_000n;
const CHART_POINTS = 200;

/** The SLOs the console can compute from stored spans: availability and latency (PromQL SLIs need Prometheus). */
export function trackedSlos(specs: readonly SloSpec[]): { spec: SloSpec; slo: Slo }[] {
  return specs.flatMap((spec) =>
    spec.slos.filter((slo) => slo.sli.kind === 'availability' || slo.sli.kind === 'latency').map((slo) => ({ spec, slo })),
  );
}

/** Prefix sums of the buckets, so any window's counts cost two lookups. */
class Counts {
  private readonly starts: bigint[];
  private readonly total: number[] = [0];
  private readonly bad: number[] = [0];

  constructor(buckets: readonly SloBucket[]) {
    this.starts = buckets.map((bucket) => bucket.startNs);
    for (const bucket of buckets) {
      this.total.push(this.total.at(-1)! + bucket.total);
      this.bad.push(this.bad.at(-1)! + bucket.bad);
    }
  }

  /** Requests in buckets starting in [from, to). */
  between(from: bigint, to: bigint): { total: number; bad: number } {
    const a = this.index(from);
    const b = this.index(to);
    return { total: this.total[b]! - this.total[a]!, bad: this.bad[b]! - this.bad[a]! };
  }

  /** Number of buckets starting before `time`. */
  private index(time: bigint): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The error budget as a ratio, without float noise (99.9 → 0.001, not 0.00099999999999989), as the generated rules write it. */
const budgetOf = (slo: Slo): number => Number((1 - slo.objective / 100).toPrecision(12));

function sliOf(slo: Slo): SloStatus['sli'] {
  const { sli } = slo;
  if (sli.kind === 'latency') return { kind: 'latency', routes: sli.routes, methods: sli.methods, thresholdSeconds: sli.threshold };
  if (sli.kind === 'availability') return { kind: 'availability', routes: sli.routes, methods: sli.methods };
  throw new TypeError(`SLO ${slo.id}: a ${sli.kind} SLI is PromQL, which the console cannot compute`);
}

/** An SLO's status at `nowNs` from its request counts in BUCKET_NS buckets. */
export function sloStatus(spec: SloSpec, slo: Slo, buckets: readonly SloBucket[], nowNs: bigint): SloStatus {
  const counts = new Counts(buckets);
  const budget = budgetOf(slo);
  const end = nowNs + 1n;
  const ratio = (seconds: number) => {
    const { total, bad } = counts.between(end - BigInt(seconds) * 1_000_000_000n, end);
    return total === 0 ? null : bad / total;
  };
  // The windows in seconds (the generated rules' and the SDK's); labelled as the rules write them.
  const windows = alertWindowSeconds(slo.window.seconds);
  // The data's start: the first bucket with requests (the console's retention, or its start, or the SLI's first request).
  const heldSeconds = buckets.length === 0 ? 0 : Number((end - buckets[0]!.startNs) / 1_000_000_000n);
  const burn = new Map<number, number | null>();
  const burnRates = windows.recorded.map((seconds) => {
    const errorRatio = ratio(seconds);
    burn.set(seconds, errorRatio === null ? null : errorRatio / budget);
    return { window: promDuration(seconds), errorRatio, burnRate: burn.get(seconds)! };
  });
  const conditions: BurnCondition[] = (['page', 'ticket'] as const).flatMap((severity) =>
    windows[severity].map((c) => {
      const burning = (burn.get(c.short) ?? 0) > c.burnRate && (burn.get(c.long) ?? 0) > c.burnRate;
      return {
        severity,
        short: promDuration(c.short),
        long: promDuration(c.long),
        threshold: c.burnRate,
        burning,
        firing: burning && heldSeconds >= c.long,
      };
    }),
  );
  const period = counts.between(end - BigInt(slo.window.seconds) * 1_000_000_000n, end);
  const current = period.total === 0 ? null : 1 - period.bad / period.total;
  return {
    id: slo.id,
    service: spec.service,
    name: slo.name,
    description: slo.description,
    objective: slo.objective,
    window: slo.window.text,
    sli: sliOf(slo),
    total: period.total,
    bad: period.bad,
    current,
    budgetRemaining: current === null ? null : 1 - (1 - current) / budget,
    dataSinceMs: buckets.length === 0 ? null : Number(buckets[0]!.startNs / 1_000_000n),
    burnRates,
    conditions,
    alert: conditions.some((c) => c.severity === 'page' && c.firing) ? 'page' : conditions.some((c) => c.firing) ? 'ticket' : null,
  };
}

/** Budget remaining over the SLO window ending at each of ~200 times from the first data to now. */
export function budgetSeries(slo: Slo, buckets: readonly SloBucket[], nowNs: bigint): BudgetPoint[] {
  if (buckets.length === 0) return [];
  const counts = new Counts(buckets);
  const budget = budgetOf(slo);
  const period = BigInt(slo.window.seconds) * 1_000_000_000n;
  const first = buckets[0]!.startNs + BUCKET_NS;
  const step = (nowNs - first) / BigInt(CHART_POINTS) > BUCKET_NS ? (nowNs - first) / BigInt(CHART_POINTS) : BUCKET_NS;
  const points: BudgetPoint[] = [];
  for (let time = first; time <= nowNs + step - 1n; time += step) {
    const at = time > nowNs ? nowNs : time;
    const { total, bad } = counts.between(at - period, at + 1n);
    points.push({ timeMs: Number(at / 1_000_000n), budgetRemaining: total === 0 ? null : 1 - bad / total / budget });
  }
  return points;
}
