// Protobuf: the wire reader and the three request decoders; the writer that requests and responses are encoded with.
export { decodeLogsRequestProtobuf } from './logs.js';
export { decodeMetricsRequestProtobuf } from './metrics.js';
export { decodeTraceRequestProtobuf } from './trace.js';
export {
  type HrTime,
  ProtobufWriter,
  tag,
  varintSize,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
} from './writer.js';
