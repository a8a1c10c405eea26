import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { censorSecretsInText } from '../secrets/index.js';
import { safeThrown, thrownString } from '../thrown/index.js';
import type { CheckDefinition } from './check-definition.js';
import { type CheckDetails, type CheckOutcome, type CheckResult, HEALTH_STATUSES, type HealthStatus } from './types.js';

/** Messages land in probe bodies and log lines: keep a runaway error message bounded. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * Calls that timed out and have not settled, per check. A check that ignores its signal leaves
 * its call behind at each timeout; past this many the dependency is not called again until one
 * returns, so a dependency that hangs for good holds a few calls, not one per probe.
 */
export const MAX_ABANDONED_CALLS = 3;

const ABANDONED_LIMIT_MESSAGE =
  `${MAX_ABANDONED_CALLS} earlier calls timed out and have not returned ` +
  `(at most ${MAX_ABANDONED_CALLS} are left pending); not called again until one returns`;

interface Outcome {
  readonly status: HealthStatus;
  readonly message: string | undefined;
  readonly details: CheckDetails | undefined;
}

/**
 * A message as probe bodies and log lines show it: bounded, and without the secrets a failed
 * connection's message carries (`postgres://user:[REDACTED]@db`, `password=[REDACTED]`): `/healthz`
 * answers on the app's own port.
 */
function bounded(message: string): string {
  const censored = censorSecretsInText(message);
  return censored.length > MAX_MESSAGE_LENGTH ? `${censored.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : censored;
}

function failure(thrown: unknown): Outcome {
  // A check's error whose getters throw is read once, safely (thrown/).
  const error = safeThrown(thrown);
  const message = error instanceof Error ? error.message || error.name : thrownString(error);
  return { status: 'unhealthy', message: bounded(message), details: undefined };
}

/** What the app's check returned, checked at runtime: it is the app's code, typed or not. */
function normalize(value: unknown): Outcome {
  if (value === undefined || value === null) return { status: 'healthy', message: undefined, details: undefined };
  const outcome = value as Partial<CheckOutcome>;
  if (!HEALTH_STATUSES.includes(outcome.status as HealthStatus)) {
    return { status: 'unhealthy', message: `check returned an invalid status ${JSON.stringify(outcome.status)}`, details: undefined };
  }
  return {
    status: outcome.status as HealthStatus,
    message: typeof outcome.message === 'string' ? bounded(outcome.message) : undefined,
    details: typeof outcome.details === 'object' && outcome.details !== null ? outcome.details : undefined,
  };
}

/** Raised through the check's AbortSignal when its timeout passes. */
export class HealthCheckTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`health check "${name}" timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs one check: bounded by its timeout (the signal aborts and the result is unhealthy, so a
 * hanging dependency never hangs a probe), cached for intervalMs, and shared by concurrent
 * callers, so a storm of probes makes one call to the dependency. A call that timed out is
 * abandoned: its late answer is ignored and the next run calls the check again, so one hung
 * call never keeps the check failing; at most MAX_ABANDONED_CALLS are left pending.
 */
export class CheckRunner {
  readonly definition: CheckDefinition;
  #result: CheckResult | undefined;
  #running: Promise<CheckResult> | undefined;
  /** Calls that timed out and have not settled yet. */
  #abandoned = 0;
  #lastSuccessAt: number | undefined;

  constructor(definition: CheckDefinition) {
    this.definition = definition;
  }

  get name(): string {
    return this.definition.name;
  }

  /** The latest result, without running anything. */
  get result(): CheckResult | undefined {
    return this.#result;
  }

  /** The cached result when it is younger than intervalMs, the run in flight, or a new run. */
  run(): Promise<CheckResult> {
    if (this.#running !== undefined) return this.#running;
    const last = this.#result;
    if (last !== undefined && Date.now() - last.checkedAt < this.definition.intervalMs) return Promise.resolve(last);
    const running = this.#execute();
    this.#running = running;
    // Cleared in a reaction, not inside #execute: a run that never awaits would clear it before it is set.
    running.then(() => {
      if (this.#running === running) this.#running = undefined;
    });
    return running;
  }

  async #execute(): Promise<CheckResult> {
    const checkedAt = Date.now();
    const started = performance.now();
    const outcome =
      this.#abandoned < MAX_ABANDONED_CALLS
        ? await this.#call()
        : { status: 'unhealthy' as const, message: ABANDONED_LIMIT_MESSAGE, details: undefined };
    if (outcome.status !== 'unhealthy') this.#lastSuccessAt = checkedAt;
    const result: CheckResult = {
      status: outcome.status,
      critical: this.definition.critical,
      message: outcome.message,
      details: outcome.details,
      durationMs: performance.now() - started,
      checkedAt,
      lastSuccessAt: this.#lastSuccessAt,
    };
    this.#result = result;
    return result;
  }

  #call(): Promise<Outcome> {
    const { name, timeoutMs, check } = this.definition;
    const controller = new AbortController();
    let call: Promise<unknown>;
    try {
      // Probes run every few seconds: their pings through an instrumented pool or observer.fetch
      // must not each become a trace.
      call = Promise.resolve(context.with(suppressTracing(context.active()), check, undefined, controller.signal));
    } catch (error) {
      return Promise.resolve(failure(error));
    }
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        controller.abort(new HealthCheckTimeoutError(name, timeoutMs));
        // Resolved below with the timeout, and a promise resolves once: a late answer changes nothing.
        this.#abandoned++;
        const settled = () => {
          this.#abandoned--;
        };
        call.then(settled, settled);
        resolve({ status: 'unhealthy', message: `timed out after ${timeoutMs} ms`, details: undefined });
      }, timeoutMs);
      // A probe's socket keeps the process alive while it waits; this timer need not.
      timer.unref();
      call.then(
        (value) => {
          clearTimeout(timer);
          resolve(normalize(value));
        },
        (error: unknown) => {
          clearTimeout(timer);
          resolve(failure(error));
        },
      );
    });
  }
}
