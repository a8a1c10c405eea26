import type { SloSpec } from '@sightline/slo';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HealthCheck } from '../health/index.js';
import type { RequestPass } from '../http/index.js';
import { BurnWatch } from './burn-watch.js';
import { RequestSlos } from './request-slos.js';
import { sloHealthCheck } from './slo-health.js';
import { registerSloMetrics } from './slo-metrics.js';
import type { SloStatus } from './slo-status.js';

/** `observer.slo`: the service's SLOs, counted from the requests the adapters serve. */
export interface ObserverSlo {
  /** True when `slo.spec` or `slo.objectives` configured SLOs. */
  readonly enabled: boolean;
  /** The service the spec is for. */
  readonly service: string | undefined;
  /** Every SLO of the spec in its order, now: budget, burn rates, the alert that would fire. */
  status(): SloStatus[];
  /** One SLO by name. */
  get(name: string): SloStatus | undefined;
}

export interface SloSetupOptions {
  /** The loaded spec (loadSloSpec); undefined when no SLO is configured. */
  readonly spec: SloSpec | undefined;
  readonly http: RequestPass;
  readonly degradeOnBurn: boolean;
  readonly evaluationIntervalMs: number;
  /** Where the gauges go; undefined when metrics are off. */
  readonly metrics: { readonly registry: Registry; readonly prefix: string } | undefined;
  /** Registers the `slo` check of /healthz; undefined when there is no health to report to. */
  readonly registerCheck: ((check: HealthCheck) => void) | undefined;
  readonly logger: Logger;
  readonly onInternalError: (component: string, error: unknown) => void;
  /** The request pass's clock (performance.now()) unless a test says otherwise. */
  readonly now?: () => number;
}

export interface SloSetup {
  readonly api: ObserverSlo;
  /** Stops the background evaluation (shutdown). */
  close(): void;
  /** The burn-alert log's evaluation, for tests. */
  readonly watch: BurnWatch | undefined;
}

const DISABLED: ObserverSlo = { enabled: false, service: undefined, status: () => [], get: () => undefined };

/** The SLO trackers on the request pass, their gauges, their /healthz check and the burn-alert log. */
export function createSlo(options: SloSetupOptions): SloSetup {
  const { spec } = options;
  if (spec === undefined) return { api: DISABLED, close: () => {}, watch: undefined };
  const now = options.now ?? (() => performance.now());
  const slos = new RequestSlos(spec, now());
  const removeListener = slos.tracking ? options.http.addListener(slos) : () => {};

  // One computation per scrape: prom-client calls every collect() in the same tick.
  let cached: SloStatus[] | undefined;
  const snapshot = (): readonly SloStatus[] => {
    if (cached === undefined) {
      cached = slos.status(now());
      queueMicrotask(() => {
        cached = undefined;
      });
    }
    return cached;
  };
  if (options.metrics !== undefined) registerSloMetrics(options.metrics.registry, options.metrics.prefix, snapshot);
  options.registerCheck?.(sloHealthCheck(snapshot, options.degradeOnBurn));
  const watch = slos.tracking
    ? new BurnWatch({
        status: snapshot,
        logger: options.logger,
        intervalMs: options.evaluationIntervalMs,
        onInternalError: options.onInternalError,
      })
    : undefined;

  const api: ObserverSlo = {
    enabled: true,
    service: spec.service,
    status: () => slos.status(now()),
    get: (name) => slos.status(now()).find((slo) => slo.name === name),
  };
  return {
    api,
    watch,
    close() {
      watch?.close();
      removeListener();
    },
  };
}
