import type { Logger } from 'pino';
import { INTERNAL_ERROR_MESSAGE } from '../log/index.js';

const LOG_INTERVAL_MS = 60_000;

/**
 * The components that report internal errors, each given a series at 0 from the start so an
 * alert on `increase(sightline_internal_errors_total[5m]) > 0` sees the first one.
 */
export const INTERNAL_ERROR_COMPONENTS = [
  'http',
  'db',
  'health',
  'metrics',
  'log',
  'log-write',
  'log-export',
  'trace-export',
  'errors',
  'errors-log',
  'errors-span',
  'errors-sentry',
  'debug-server',
  'slo',
] as const;

/** Counts an instrumentation failure of `component` and logs it (rate-limited); never throws. */
export type InternalErrorReporter = (component: string, error: unknown) => void;

/**
 * After setup, Sightline's own failures are contained: counted, and logged at most once a
 * minute per component, never thrown into the app's request.
 */
export function createInternalErrorReporter(logger: () => Logger, count: (component: string) => void): InternalErrorReporter {
  const lastLogged = new Map<string, number>();
  return (component: string, error: unknown): void => {
    try {
      count(component);
      const now = Date.now();
      if (now - (lastLogged.get(component) ?? Number.NEGATIVE_INFINITY) < LOG_INTERVAL_MS) return;
      lastLogged.set(component, now);
      logger().error({ err: error, component }, INTERNAL_ERROR_MESSAGE);
    } catch {
      // Reporting must never be the thing that breaks the app.
    }
  };
}
