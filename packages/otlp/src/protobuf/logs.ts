import { rethrowWithin } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import { logRecordProblem } from '../log-checks.js';
import { Rejections } from '../rejections.js';
import type { AnyValue, DecodedLogs, LogRecord, ResourceLogs, ScopeLogs } from '../types.js';
import { checkListSize, decodeAnyValue, decodeKeyValue, decodeScope, emptyScope, newAttributes } from './common.js';
import { decodeExportEnvelope, exportEnvelope } from './envelope.js';
import { type FieldNames, ProtobufReader, tag, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './reader.js';

// opentelemetry/proto/logs/v1/logs.proto and collector/logs/v1/logs_service.proto.
const SCOPE_LOGS_FIELDS: FieldNames = { 1: 'scope', 2: 'logRecords', 3: 'schemaUrl' };
const LOG_RECORD_FIELDS: FieldNames = {
  1: 'timeUnixNano',
  2: 'severityNumber',
  3: 'severityText',
  5: 'body',
  6: 'attributes',
  7: 'droppedAttributesCount',
  8: 'flags',
  9: 'traceId',
  10: 'spanId',
  11: 'observedTimeUnixNano',
  12: 'eventName',
};

const LOGS_ENVELOPE = exportEnvelope(
  'resourceLogs',
  'scopeLogs',
  decodeScopeLogs,
  (resource, scopeLogs: ScopeLogs[], schemaUrl): ResourceLogs => ({
    resource,
    scopeLogs,
    schemaUrl,
  }),
);

/** Decodes an ExportLogsServiceRequest in protobuf; throws OtlpDecodeError when it is malformed. */
export function decodeLogsRequestProtobuf(body: Uint8Array, limits: DecodeLimits): DecodedLogs {
  const reader = new ProtobufReader(body, limits);
  const rejections = new Rejections(['resourceLogs', 'scopeLogs', 'logRecords']);
  const resourceLogs = decodeExportEnvelope(reader, rejections, LOGS_ENVELOPE);
  return { resourceLogs, rejected: rejections.count, errorMessage: rejections.errorMessage('log record', 'log records') };
}

function decodeScopeLogs(reader: ProtobufReader, rejections: Rejections): ScopeLogs {
  const outer = reader.enter();
  let scope = emptyScope();
  const logRecords: LogRecord[] = [];
  let schemaUrl = '';
  let index = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(2, WIRE_LEN)) {
        const record = decodeLogRecord(reader);
        const problem = logRecordProblem(record, 'hex');
        if (problem === undefined) logRecords.push(record);
        else rejections.add(`logRecords[${index}]`, problem);
        index++;
      } else if (fieldTag === tag(1, WIRE_LEN)) scope = decodeScope(reader);
      else if (fieldTag === tag(3, WIRE_LEN)) schemaUrl = reader.string();
      else reader.skip(fieldTag, SCOPE_LOGS_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(2, WIRE_LEN) ? `logRecords[${index}]` : (SCOPE_LOGS_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { scope, logRecords, schemaUrl };
}

/** A log record as read; ids are checked (and emptied when all zero) by `logRecordProblem` and the caller. */
function decodeLogRecord(reader: ProtobufReader): LogRecord {
  const outer = reader.enter();
  let timeUnixNano = 0n;
  let observedTimeUnixNano = 0n;
  let severityNumber = 0;
  let severityText = '';
  let body: AnyValue = null;
  const attributes = newAttributes();
  let attributeCount = 0;
  let droppedAttributesCount = 0;
  let flags = 0;
  let traceId = '';
  let spanId = '';
  let eventName = '';
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(1, WIRE_I64):
          timeUnixNano = reader.fixed64();
          break;
        case tag(2, WIRE_VARINT):
          severityNumber = reader.int32();
          break;
        case tag(3, WIRE_LEN):
          severityText = reader.string();
          break;
        case tag(5, WIRE_LEN): {
          const end = reader.enter();
          body = decodeAnyValue(reader, 0);
          reader.leave(end);
          break;
        }
        case tag(6, WIRE_LEN):
          checkListSize(reader, ++attributeCount);
          decodeKeyValue(reader, attributes, 0);
          break;
        case tag(7, WIRE_VARINT):
          droppedAttributesCount = reader.uint32();
          break;
        case tag(8, WIRE_I32):
          flags = reader.fixed32();
          break;
        case tag(9, WIRE_LEN):
          traceId = reader.hex();
          break;
        case tag(10, WIRE_LEN):
          spanId = reader.hex();
          break;
        case tag(11, WIRE_I64):
          observedTimeUnixNano = reader.fixed64();
          break;
        case tag(12, WIRE_LEN):
          eventName = reader.string();
          break;
        default:
          reader.skip(fieldTag, LOG_RECORD_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(6, WIRE_LEN) ? `attributes[${attributeCount - 1}]` : (LOG_RECORD_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return {
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber,
    severityText,
    body,
    attributes,
    droppedAttributesCount,
    flags,
    traceId,
    spanId,
    eventName,
  };
}
