import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createObserver, type Observer } from '@sightline/sdk';

/** One parsed pino line. */
export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly [field: string]: unknown;
}

/** An isolated observer whose finished spans and log lines stay in memory for assertions. */
export interface ObserverHarness {
  readonly observer: Observer;
  readonly lines: LogLine[];
  spans(): ReadableSpan[];
}

export function createObserverHarness(serviceName: string): ObserverHarness {
  const lines: LogLine[] = [];
  const exporter = new InMemorySpanExporter();
  const observer = createObserver({
    serviceName,
    env: {},
    // Several observers share this process: no global tracer provider or propagator.
    registerGlobal: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    // Nothing listens on port 9: the OTLP exporter's failures must stay inside the SDK.
    trace: { enabled: true, sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces' },
    log: {
      level: 'debug',
      sampling: false,
      destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } }],
    },
    metrics: { defaultMetrics: false },
    shutdownTimeoutMs: 1000,
  });
  return { observer, lines, spans: () => exporter.getFinishedSpans() };
}
