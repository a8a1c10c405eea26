// Protobuf: the wire reader and the three request decoders; the small writer for responses.
export { decodeLogsRequestProtobuf } from './logs.js';
export { decodeMetricsRequestProtobuf } from './metrics.js';
export { decodeTraceRequestProtobuf } from './trace.js';
export { bytesField, type EncodedField, encodeMessage, stringField, varintField } from './writer.js';
