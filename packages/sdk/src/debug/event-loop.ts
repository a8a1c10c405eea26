import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestState } from '../http/index.js';
import { UNMATCHED_ROUTE } from '../http/index.js';

/** Resolution of the event-loop delay timer; Node's default, and the floor of what it can see. */
const RESOLUTION_MS = 10;
const PERCENTILES = [50, 90, 99, 99.9] as const;

const nanosToMillis = (nanos: number): number => Math.round(nanos / 1000) / 1000;
/**
 * How late the timer fired: Node's histogram records the whole interval between two firings,
 * so an idle loop reads the resolution itself (10 ms); the delay is what lies beyond it.
 */
const lateMillis = (nanos: number): number => Math.max(0, nanosToMillis(nanos) - RESOLUTION_MS);

export interface InFlightRequest {
  readonly method: string;
  readonly path: string;
  /** The route template once known (null before the router matched, or when none matched). */
  readonly route: string | null;
  readonly ageMs: number;
  readonly requestId: string;
  readonly traceId: string | null;
}

/** monitorEventLoopDelay's histogram since `since`, in milliseconds. */
export interface EventLoopDelay {
  readonly unit: 'ms';
  readonly resolutionMs: number;
  readonly since: string;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  readonly percentiles: Readonly<Record<string, number>>;
}

export interface EventLoopReport {
  /** process.getActiveResourcesInfo() counted by type (TCPSocketWrap, Timeout, FSReqCallback…). */
  readonly activeResources: Record<string, number>;
  readonly delay: EventLoopDelay;
  readonly inFlight: { readonly total: number; readonly shown: number; readonly requests: readonly InFlightRequest[] };
}

function describeRequest(state: RequestState, now: number): InFlightRequest {
  const route = state.pass.routeNow(state);
  return {
    method: state.method,
    path: state.path,
    route: route === undefined || route === UNMATCHED_ROUTE ? null : route,
    ageMs: Math.round(now - state.startedAt),
    requestId: state.request.requestId,
    traceId: state.request.logFields.trace_id ?? null,
  };
}

/**
 * The event loop's view: what keeps it busy, how late its timers fire, and which requests
 * are in flight. The delay histogram is a native, unref'd timer that runs only while the
 * debug server does; the in-flight set is the request pass's own (nothing is added per request).
 */
export class EventLoopMonitor {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  #sinceMs = Date.now();

  start(): void {
    this.#histogram.enable();
    this.#sinceMs = Date.now();
  }

  stop(): void {
    this.#histogram.disable();
  }

  report(inFlight: Iterable<RequestState>, limit: number, reset: boolean): EventLoopReport {
    const activeResources: Record<string, number> = {};
    for (const type of process.getActiveResourcesInfo()) activeResources[type] = (activeResources[type] ?? 0) + 1;

    const h = this.#histogram;
    const percentiles: Record<string, number> = {};
    for (const p of PERCENTILES) percentiles[`p${p}`] = h.count > 0 ? lateMillis(h.percentile(p)) : 0;
    const delay: EventLoopDelay = {
      unit: 'ms',
      resolutionMs: RESOLUTION_MS,
      since: new Date(this.#sinceMs).toISOString(),
      count: h.count,
      min: h.count > 0 ? lateMillis(h.min) : 0,
      max: h.count > 0 ? lateMillis(h.max) : 0,
      mean: Number.isNaN(h.mean) ? 0 : lateMillis(h.mean),
      stddev: Number.isNaN(h.stddev) ? 0 : nanosToMillis(h.stddev),
      percentiles,
    };
    if (reset) {
      h.reset();
      this.#sinceMs = Date.now();
    }

    const now = performance.now();
    const all = [...inFlight].sort((a, b) => a.startedAt - b.startedAt);
    const requests = all.slice(0, limit).map((state) => describeRequest(state, now));
    return { activeResources, delay, inFlight: { total: all.length, shown: requests.length, requests } };
  }
}
