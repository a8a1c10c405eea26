import type { ObserverOptions } from '../../src/index.js';
import { createTestObserver, type LogLine, type TestObserver } from '../../src/testing/index.js';

/** Above the timers of the fast routes, below the sleep of GET /slow. */
export const SLOW_REQUEST_MS = 100;

export type { LogLine };
export type ObserverHarness = TestObserver;

/**
 * The SDK suites' preset of the public test observer: `routes` are the templates the node:http
 * adapter resolves paths with (it has no router), GET /slow is past SLOW_REQUEST_MS, and `extra`
 * adds options (the debug server, for the debug toggle's tests).
 */
export function createObserverHarness(
  serviceName: string,
  routes: readonly string[] = [],
  extra: Pick<ObserverOptions, 'debug'> = {},
): ObserverHarness {
  return createTestObserver({ serviceName, http: { slowRequestMs: SLOW_REQUEST_MS, routes: [...routes] }, ...extra });
}
