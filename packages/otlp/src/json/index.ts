// OTLP/JSON: the exact-int64 parse of the body and the three request decoders.
export { decodeLogsRequestJson } from './logs.js';
export { decodeMetricsRequestJson } from './metrics.js';
export { parseJsonBody } from './source.js';
export { decodeTraceRequestJson } from './trace.js';
