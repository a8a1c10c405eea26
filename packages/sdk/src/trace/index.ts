export { createTracing, INSTRUMENTATION_NAME, type TracingSetup } from './create-tracing.js';
export { DROP_REASONS, OtlpExportError, OtlpHttpSender, type UndeliveredReport } from './otlp/index.js';
export { recordSpanError, runInSpan, type SpanOptions } from './run-in-span.js';
export { type ServerSpans, setServerOutcome, TracerServerSpans } from './server-spans.js';
export { createTracedFetch, type FetchFunction } from './traced-fetch.js';
