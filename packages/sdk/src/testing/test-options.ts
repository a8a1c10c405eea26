import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { LogDestination } from '../config/index.js';
import type { CreateObserverOptions } from '../observer/index.js';

/**
 * What a test observer changes from createObserver()'s defaults. Tracing stays on (spans get ids
 * and reach the in-memory exporter) with no OTLP exporter: nothing leaves the process.
 */
const TEST_DEFAULTS = {
  shutdownTimeoutMs: 1000,
  log: { sampling: false },
  metrics: { defaultMetrics: false },
  trace: { sampleRatio: 1, exporter: 'none' },
  // Only used when a test turns the debug server on: a free port, never 6060.
  debug: { port: 0 },
} satisfies CreateObserverOptions;

/**
 * The caller's options over the test defaults. Top-level values replace ours; the option groups
 * (`log`, `metrics`, `trace`, `debug`, …) merge key by key, a key the caller gives replacing ours.
 * Two lists add instead: `log.destinations` go after the capture, `spanProcessors` after the
 * in-memory exporter. `env` defaults to `{}` and `registerGlobal` to false: a test observer reads
 * no OTEL_* or SIGHTLINE_* variable and installs nothing global unless asked to.
 */
export function testObserverOptions(
  options: CreateObserverOptions,
  capture: LogDestination,
  spanProcessor: SpanProcessor,
): CreateObserverOptions {
  return {
    ...TEST_DEFAULTS,
    ...options,
    env: options.env ?? {},
    registerGlobal: options.registerGlobal ?? false,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? TEST_DEFAULTS.shutdownTimeoutMs,
    log: { ...TEST_DEFAULTS.log, ...options.log, destinations: [capture, ...(options.log?.destinations ?? [])] },
    metrics: { ...TEST_DEFAULTS.metrics, ...options.metrics },
    trace: { ...TEST_DEFAULTS.trace, ...options.trace },
    debug: { ...TEST_DEFAULTS.debug, ...options.debug },
    spanProcessors: [spanProcessor, ...(options.spanProcessors ?? [])],
  };
}
