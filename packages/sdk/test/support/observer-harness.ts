import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createObserver, type Observer, type ObserverOptions } from '../../src/index.js';

/** Above the timers of the fast routes, below the sleep of GET /slow. */
export const SLOW_REQUEST_MS = 100;

/** One parsed pino line; the fields the conformance suite reads are typed, the rest are open. */
export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly request_id?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly user_id?: string;
  readonly path?: string;
  readonly [field: string]: unknown;
}

/** An observer whose log lines and finished spans stay in memory for assertions. */
export interface ObserverHarness {
  readonly observer: Observer;
  readonly lines: LogLine[];
  /** The same lines as written, unparsed (what a file destination would hold). */
  readonly raw: string[];
  spans(): ReadableSpan[];
}

/**
 * `routes` are the templates the node:http adapter resolves paths with (it has no router);
 * `extra` adds options (the debug server, for the debug toggle's tests).
 */
export function createObserverHarness(
  serviceName: string,
  routes: readonly string[] = [],
  extra: Pick<ObserverOptions, 'debug'> = {},
): ObserverHarness {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const exporter = new InMemorySpanExporter();
  const observer = createObserver({
    serviceName,
    env: {},
    // Isolated: no global tracer provider or propagator, so several observers can coexist.
    registerGlobal: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    // Nothing listens on port 9: the batch exporter's failures must stay inside the SDK.
    trace: { enabled: true, sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces' },
    log: {
      destinations: [
        {
          stream: {
            write(line: string) {
              raw.push(line);
              lines.push(JSON.parse(line) as LogLine);
            },
          },
        },
      ],
      sampling: false,
    },
    metrics: { defaultMetrics: false },
    http: { slowRequestMs: SLOW_REQUEST_MS, routes: [...routes] },
    shutdownTimeoutMs: 1000,
    ...extra,
  });
  return { observer, lines, raw, spans: () => exporter.getFinishedSpans() };
}
