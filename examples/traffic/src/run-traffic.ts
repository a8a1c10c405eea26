import type { TrafficOptions } from './options.js';
import { type Catalog, type PlannedRequest, planRequest } from './request-mix.js';
import { TrafficStats } from './stats.js';

export interface TrafficHooks {
  /** Called about once a second with the running totals. */
  readonly onProgress?: (stats: TrafficStats, elapsedMs: number) => void;
  readonly random?: () => number;
  readonly fetch?: typeof globalThis.fetch;
}

export interface TrafficRun {
  /** Stops starting requests; `done` resolves once those in flight have settled. */
  stop(): void;
  readonly done: Promise<TrafficStats>;
}

/** Timer granularity: at high rates several requests start per tick to hold the rate. */
const TICK_MS = 10;
/** In-flight requests get this long to finish after stop(). */
const DRAIN_MS = 10_000;

/**
 * Open-loop load: requests start at `rps` whatever the latency (a slow service accumulates
 * in-flight requests, as real clients do, up to maxInFlight), for `durationMs` or until stop().
 */
export function runTraffic(options: TrafficOptions, catalog: Catalog, hooks: TrafficHooks = {}): TrafficRun {
  const stats = new TrafficStats();
  const random = hooks.random ?? Math.random;
  const send = hooks.fetch ?? globalThis.fetch;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let scheduled = 0;
  let stopped = false;

  const issue = (request: PlannedRequest) => {
    const begin = performance.now();
    stats.sent++;
    const promise = send(`${options.target}${request.path}`, {
      method: request.method,
      headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        stats.record(response.status, performance.now() - begin, random);
      })
      .catch(() => stats.record('network-error', performance.now() - begin, random))
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };

  const tick = () => {
    const elapsed = performance.now() - started;
    if (options.durationMs > 0 && elapsed >= options.durationMs) {
      stop();
      return;
    }
    const due = Math.floor((elapsed / 1000) * options.rps) - scheduled;
    for (let i = 0; i < due; i++) {
      scheduled++;
      if (inFlight.size >= options.maxInFlight) stats.skipped++;
      else issue(planRequest(catalog, options.errorRate, random));
    }
  };

  let resolveDone: (stats: TrafficStats) => void = () => {};
  const done = new Promise<TrafficStats>((resolve) => {
    resolveDone = resolve;
  });
  const timer = setInterval(tick, TICK_MS);
  const progress = setInterval(() => hooks.onProgress?.(stats, performance.now() - started), 1000);

  function stop() {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    clearInterval(progress);
    const drained = Promise.allSettled([...inFlight]);
    const deadline = new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref());
    void Promise.race([drained, deadline]).then(() => resolveDone(stats));
  }

  return { stop, done };
}
