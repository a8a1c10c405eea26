import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { createTracing, DROP_REASONS, type TracingSetup } from '../trace/index.js';
import { telemetryFlushMs } from './telemetry-flush.js';
import type { ObserverCore } from './wire-logs.js';

export interface TracingWiring {
  /** Register tracer provider, propagator and context manager globally (or attach to an existing setup). */
  readonly registerGlobal: boolean;
  /** Extra span processors, run before export. */
  readonly spanProcessors: SpanProcessor[];
}

/** Traces: dropped spans are counted, export failures reported as internal errors. */
export function wireTracing(
  { options, metrics, reportInternalError }: ObserverCore,
  resource: Resource,
  wiring: TracingWiring,
): TracingSetup {
  // Series at 0 from the start, so that alerts on their increase see the first drop.
  for (const reason of DROP_REASONS) metrics.spansDropped.inc({ reason }, 0);
  return createTracing({
    trace: options.trace,
    resource,
    serviceVersion: options.serviceVersion,
    global: wiring.registerGlobal,
    extraProcessors: wiring.spanProcessors,
    onSpansDropped: (count, reason) => metrics.spansDropped.inc({ reason }, count),
    onExportError: (error) => reportInternalError('trace-export', error),
    shutdownFlushMs: telemetryFlushMs(options),
  });
}
