import { rethrowWithin } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import { logRecordProblem } from '../log-checks.js';
import { Rejections } from '../rejections.js';
import type { DecodedLogs, LogRecord, ResourceLogs, ScopeLogs } from '../types.js';
import { checkListSize, decodeAnyValue, decodeKeyValue, decodeScope, emptyScope, newAttributes } from './common.js';
import type { Draft } from './draft.js';
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
  const record = emptyLogRecord();
  let attributeCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      // Attributes, the one repeated field, are read here, where their count for the limit and error paths lives.
      if (fieldTag === tag(6, WIRE_LEN)) {
        checkListSize(reader, ++attributeCount);
        decodeKeyValue(reader, record.attributes, 0);
      } else readLogRecordField(reader, fieldTag, record);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(6, WIRE_LEN) ? `attributes[${attributeCount - 1}]` : (LOG_RECORD_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return record;
}

const emptyLogRecord = (): Draft<LogRecord> => ({
  timeUnixNano: 0n,
  observedTimeUnixNano: 0n,
  severityNumber: 0,
  severityText: '',
  body: null,
  attributes: newAttributes(),
  droppedAttributesCount: 0,
  flags: 0,
  traceId: '',
  spanId: '',
  eventName: '',
});

/** One of the log record's singular fields (or an unknown one, skipped). */
function readLogRecordField(reader: ProtobufReader, fieldTag: number, record: Draft<LogRecord>): void {
  switch (fieldTag) {
    case tag(1, WIRE_I64):
      record.timeUnixNano = reader.fixed64();
      break;
    case tag(2, WIRE_VARINT):
      record.severityNumber = reader.int32();
      break;
    case tag(3, WIRE_LEN):
      record.severityText = reader.string();
      break;
    case tag(5, WIRE_LEN): {
      const end = reader.enter();
      record.body = decodeAnyValue(reader, 0);
      reader.leave(end);
      break;
    }
    case tag(7, WIRE_VARINT):
      record.droppedAttributesCount = reader.uint32();
      break;
    case tag(8, WIRE_I32):
      record.flags = reader.fixed32();
      break;
    case tag(9, WIRE_LEN):
      record.traceId = reader.hex();
      break;
    case tag(10, WIRE_LEN):
      record.spanId = reader.hex();
      break;
    case tag(11, WIRE_I64):
      record.observedTimeUnixNano = reader.fixed64();
      break;
    case tag(12, WIRE_LEN):
      record.eventName = reader.string();
      break;
    default:
      reader.skip(fieldTag, LOG_RECORD_FIELDS);
  }
}
