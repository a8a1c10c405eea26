export { createTracing, INSTRUMENTATION_NAME, type TracingSetup } from './create-tracing.js';
export { recordSpanError, runInSpan, type SpanOptions } from './run-in-span.js';
export { createTracedFetch, type FetchFunction } from './traced-fetch.js';
