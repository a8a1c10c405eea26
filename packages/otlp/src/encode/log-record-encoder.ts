import { type ProtobufWriter, tag, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from '../protobuf/index.js';
import { AttributesEncoder, writeAnyValue } from './attributes.js';
import type { LogRecordInput } from './types.js';

// Field numbers from opentelemetry-proto logs/v1/logs.proto (LogRecord).
const LOG_TIME = tag(1, WIRE_FIXED64);
const LOG_SEVERITY_NUMBER = tag(2, WIRE_VARINT);
const LOG_SEVERITY_TEXT = tag(3, WIRE_LENGTH_DELIMITED);
const LOG_BODY = tag(5, WIRE_LENGTH_DELIMITED);
const LOG_ATTRIBUTES = 6;
const LOG_DROPPED_ATTRIBUTES = tag(7, WIRE_VARINT);
const LOG_FLAGS = tag(8, WIRE_FIXED32);
const LOG_TRACE_ID = tag(9, WIRE_LENGTH_DELIMITED);
const LOG_SPAN_ID = tag(10, WIRE_LENGTH_DELIMITED);
const LOG_OBSERVED_TIME = tag(11, WIRE_FIXED64);
const LOG_EVENT_NAME = tag(12, WIRE_LENGTH_DELIMITED);

/** A log record is usually 100 bytes to 16 KiB: two bytes reserved for its length. */
const LOG_RECORD_LENGTH_BYTES = 2;

/**
 * Encodes log records as OTLP `LogRecord` messages, in field-number order as protobuf writes
 * them. Zero-valued scalars (an unset severity, no dropped attributes) are the proto default
 * and left out; the body is always written, as OTel JS's serializer writes it (an empty
 * AnyValue when there is none).
 */
export class LogRecordEncoder extends AttributesEncoder {
  /** Writes `record` as a length-delimited LogRecord message in field `field` of the enclosing message. */
  logRecord(writer: ProtobufWriter, field: number, record: LogRecordInput): void {
    writer.uint32(tag(field, WIRE_LENGTH_DELIMITED));
    const start = writer.beginMessage(LOG_RECORD_LENGTH_BYTES);
    writer.uint32(LOG_TIME);
    writer.hrTime(record.hrTime);
    if (record.severityNumber) {
      writer.uint32(LOG_SEVERITY_NUMBER);
      writer.uint32(record.severityNumber);
    }
    if (record.severityText) {
      writer.uint32(LOG_SEVERITY_TEXT);
      writer.string(record.severityText);
    }
    writer.uint32(LOG_BODY);
    const body = writer.beginMessage();
    writeAnyValue(writer, record.body);
    writer.endMessage(body);
    this.attributes(writer, LOG_ATTRIBUTES, record.attributes);
    if (record.droppedAttributesCount) {
      writer.uint32(LOG_DROPPED_ATTRIBUTES);
      writer.uint32(record.droppedAttributesCount);
    }
    const context = record.spanContext;
    if (context !== undefined) {
      writer.uint32(LOG_FLAGS);
      writer.fixed32(context.traceFlags & 0xff);
      writer.uint32(LOG_TRACE_ID);
      writer.hexBytes(context.traceId);
      writer.uint32(LOG_SPAN_ID);
      writer.hexBytes(context.spanId);
    }
    writer.uint32(LOG_OBSERVED_TIME);
    writer.hrTime(record.hrTimeObserved);
    if (record.eventName) {
      writer.uint32(LOG_EVENT_NAME);
      writer.string(record.eventName);
    }
    writer.endMessage(start, LOG_RECORD_LENGTH_BYTES);
  }
}
