import type { Logger } from 'pino';
import { inBackground } from '../context/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { type CheckDefaults, defineCheck } from './check-definition.js';
import { CheckRunner } from './check-runner.js';
import type { CheckResult, HealthCheck, HealthReport, HealthStatus, Probe, ProbeKind } from './types.js';

export const STARTING_REASON = 'startup not complete: the app has not called observer.health.markStarted()';
export const SHUTTING_DOWN_REASON = 'shutting down';

/** Worst of the results: a failing critical check is unhealthy, anything else failing degrades. */
export function combineResults(results: Iterable<CheckResult>): HealthStatus {
  let status: HealthStatus = 'healthy';
  for (const result of results) {
    if (result.status === 'unhealthy') {
      if (result.critical) return 'unhealthy';
      status = 'degraded';
    } else if (result.status === 'degraded') {
      status = 'degraded';
    }
  }
  return status;
}

export interface HealthRegistryOptions {
  readonly defaults: CheckDefaults;
  /** Check status changes are logged here (warn when failing, info on recovery). */
  readonly logger?: Logger;
}

/**
 * The checks of one observer and the two flags the probes gate on. Liveness runs only the
 * checks that opted into it; readiness needs startup done, no shutdown under way and its
 * checks; startup needs markStarted(); the aggregate runs every check behind both gates.
 */
export class HealthRegistry {
  readonly #defaults: CheckDefaults;
  readonly #logger: Logger | undefined;
  readonly #runners = new Map<string, CheckRunner>();
  /** The status last logged for each check, so a change is logged once. */
  readonly #logged = new Map<string, HealthStatus>();
  #byProbe = new Map<ProbeKind, readonly CheckRunner[]>();
  #started = false;
  #shuttingDown = false;

  constructor(options: HealthRegistryOptions) {
    this.#defaults = options.defaults;
    this.#logger = options.logger;
    this.#index();
  }

  get started(): boolean {
    return this.#started;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Adds a check; its name must be unique. Bad settings throw a SightlineConfigError. */
  register(check: HealthCheck): void {
    const definition = defineCheck(check, this.#defaults);
    if (this.#runners.has(definition.name)) {
      throw new SightlineConfigError(
        [`health check "${definition.name}" is already registered; give each check a distinct name`],
        'SL_CONFIG_INVALID',
        'Invalid health check',
      );
    }
    this.#runners.set(definition.name, new CheckRunner(definition));
    this.#index();
  }

  /** Startup is done (migrations ran, caches warm): the startup probe passes from now on. */
  markStarted(): void {
    this.#started = true;
  }

  /** Readiness fails from now on, whatever the checks say; checks stop being run. */
  markShuttingDown(): void {
    this.#shuttingDown = true;
  }

  /** Runs the probe's due checks concurrently (each bounded by its timeout) and reports. */
  async evaluate(probe: ProbeKind): Promise<HealthReport> {
    const runners = this.#byProbe.get(probe) ?? [];
    // During shutdown the dependencies are going away with us: report, don't call them.
    if (!this.#shuttingDown && runners.length > 0) await Promise.all(runners.map((runner) => inBackground(() => this.#run(runner))));
    return this.snapshot(probe);
  }

  /** Runs every due check (the metrics scrape uses this); a no-op during shutdown. */
  async refresh(): Promise<void> {
    if (this.#shuttingDown) return;
    await Promise.all([...this.#runners.values()].map((runner) => inBackground(() => this.#run(runner))));
  }

  /** The probe's status from the latest results, without running anything. */
  snapshot(probe: ProbeKind): HealthReport {
    const checks = new Map<string, CheckResult>();
    for (const runner of this.#byProbe.get(probe) ?? []) {
      const result = runner.result;
      if (result !== undefined) checks.set(runner.name, result);
    }
    const reason = this.#gate(probe);
    return {
      probe,
      status: reason === undefined ? combineResults(checks.values()) : 'unhealthy',
      reason,
      started: this.#started,
      shuttingDown: this.#shuttingDown,
      checks,
    };
  }

  /** Latest result of every check that has run, by name. */
  results(): Map<string, CheckResult> {
    const results = new Map<string, CheckResult>();
    for (const [name, runner] of this.#runners) {
      if (runner.result !== undefined) results.set(name, runner.result);
    }
    return results;
  }

  /** Releases what the checks hold (the event-loop histogram); errors are the caller's to report. */
  async close(): Promise<void> {
    const closing = [...this.#runners.values()].map((runner) => runner.definition.close?.());
    await Promise.all(closing);
  }

  /** Liveness never waits on startup or shutdown: a draining process is alive and must not be restarted. */
  #gate(probe: ProbeKind): string | undefined {
    if (probe === 'live') return undefined;
    if (!this.#started) return STARTING_REASON;
    if (this.#shuttingDown && probe !== 'startup') return SHUTTING_DOWN_REASON;
    return undefined;
  }

  /** Started in the root context (inBackground): a probe or request that triggers the run lends it no request fields. */
  async #run(runner: CheckRunner): Promise<void> {
    const result = await runner.run();
    // Concurrent probes share one run: the transition is logged by the first caller only.
    const before = this.#logged.get(runner.name);
    if (result.status === before) return;
    this.#logged.set(runner.name, result.status);
    if (this.#logger === undefined) return;
    const fields = { check: runner.name, status: result.status, previous: before ?? 'unknown', critical: result.critical };
    if (result.status === 'healthy') {
      if (before !== undefined) this.#logger.info(fields, 'health check recovered');
    } else {
      this.#logger.warn({ ...fields, reason: result.message }, `health check ${result.status}`);
    }
  }

  /** Which runners each probe runs, rebuilt at register() so evaluate() only looks up. */
  #index(): void {
    const all = [...this.#runners.values()];
    const byProbe = new Map<ProbeKind, readonly CheckRunner[]>([['health', all]]);
    for (const probe of ['live', 'ready', 'startup'] as const satisfies readonly Probe[]) {
      byProbe.set(
        probe,
        all.filter((runner) => runner.definition.probes.has(probe)),
      );
    }
    this.#byProbe = byProbe;
  }
}
