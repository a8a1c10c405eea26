/** A check's or a probe's state. Unhealthy answers 503; degraded answers 200 with the degraded body. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export const HEALTH_STATUSES: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy'];

/** The three Kubernetes probes a check can take part in. */
export type Probe = 'live' | 'ready' | 'startup';

export const PROBES: readonly Probe[] = ['live', 'ready', 'startup'];

/** What an endpoint evaluates: one probe, or `health`, the aggregate of every check. */
export type ProbeKind = Probe | 'health';

/** Scalar facts a check reports beside its status (pool counts, thresholds). */
export type CheckDetails = Readonly<Record<string, string | number | boolean>>;

/** What a check function returns; returning nothing means healthy, throwing means unhealthy. */
export interface CheckOutcome {
  readonly status: HealthStatus;
  readonly message?: string;
  readonly details?: CheckDetails;
}

/**
 * Tests one dependency. `signal` aborts when the check's timeout passes: hand it to the
 * client (fetch, a driver) so a hanging call is cancelled rather than left behind.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a check that only awaits (`async () => { await redis.ping(); }`) returns Promise<void>, and must be accepted as healthy.
export type CheckFunction = (signal: AbortSignal) => CheckOutcome | void | Promise<CheckOutcome | void>;

/** How a check takes part in the probes; every built-in checker accepts these too. */
export interface CheckSettings {
  /** A failing critical check makes its probes unhealthy (503); a non-critical one degrades them. Default true. */
  readonly critical?: boolean;
  /** Past this the check counts as unhealthy and its signal aborts. Default `health.timeoutMs`. */
  readonly timeoutMs?: number;
  /** A result younger than this is reused instead of calling the dependency again. Default `health.intervalMs`. */
  readonly intervalMs?: number;
  /** Probes the check takes part in (the aggregate /healthz runs every check). Default `['ready']`. */
  readonly probes?: readonly Probe[];
}

export interface HealthCheck extends CheckSettings {
  /** Unique per observer; the JSON key and the `check` metric label. */
  readonly name: string;
  readonly check: CheckFunction;
  /** Releases what the check holds (a histogram, a timer); called once by observer.shutdown(). */
  readonly close?: () => unknown;
}

/** The latest result of one check. Times are epoch milliseconds. */
export interface CheckResult {
  readonly status: HealthStatus;
  readonly critical: boolean;
  readonly message: string | undefined;
  readonly details: CheckDetails | undefined;
  readonly durationMs: number;
  readonly checkedAt: number;
  /** The last run that was not unhealthy (healthy or degraded: the dependency answered). */
  readonly lastSuccessAt: number | undefined;
}

/** One evaluation of a probe: its status, why (when a gate decided it) and the checks behind it. */
export interface HealthReport {
  readonly probe: ProbeKind;
  readonly status: HealthStatus;
  /** Set when startup or shutdown decided the status, whatever the checks say. */
  readonly reason: string | undefined;
  readonly started: boolean;
  readonly shuttingDown: boolean;
  readonly checks: ReadonlyMap<string, CheckResult>;
}
