import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { type CreateObserverOptions, createObserver, type Observer } from '../observer/index.js';
import { testObserverOptions } from './test-options.js';

/** One parsed log line: the fields Sightline writes on request lines are typed, the rest are open. */
export interface LogLine {
  /** pino's numeric level: 20 debug, 30 info, 40 warn, 50 error. */
  readonly level: number;
  readonly msg?: string;
  readonly request_id?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly user_id?: string;
  readonly path?: string;
  readonly [field: string]: unknown;
}

/** An isolated observer whose log lines, finished spans and metrics stay in this process for assertions. */
export interface TestObserver {
  readonly observer: Observer;
  /** Every line written so far, parsed, in order. */
  readonly lines: readonly LogLine[];
  /** The same lines as written, unparsed (what a file destination would hold). */
  readonly raw: readonly string[];
  /** The spans that ended so far (a span is here as soon as it ends), in the order they ended. */
  spans(): ReadableSpan[];
  /** The observer's registry in the Prometheus text format, as its /metrics handler serves it. */
  metrics(): Promise<string>;
  /** Forgets the lines and spans seen so far (metrics keep counting, as in production). */
  clear(): void;
}

/**
 * An observer for tests: no collector, no global OpenTelemetry setup, no environment variables.
 * Log lines are kept in memory, spans reach an in-memory exporter as they end, log sampling is
 * off, every trace is sampled and the default process metrics are left out. `options` go over
 * those defaults (see testObserverOptions for the merge rule); call `observer.shutdown()` after.
 */
export function createTestObserver(options: CreateObserverOptions = {}): TestObserver {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const exporter = new InMemorySpanExporter();
  const capture = {
    stream: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  };
  const observer = createObserver(testObserverOptions(options, capture, new SimpleSpanProcessor({ exporter })));
  return {
    observer,
    lines,
    raw,
    spans: () => exporter.getFinishedSpans(),
    metrics: async () => (await observer.metrics.render()).body,
    clear() {
      lines.length = 0;
      raw.length = 0;
      exporter.reset();
    },
  };
}
