import { type Attributes, type AttributeValue, decodeAnyValue, decodeKeyValue, decodeKeyValues, hex, ProtoReader } from './otlp-decode.js';

/** One OTLP LogRecord (opentelemetry/proto/logs/v1/logs.proto), with its resource. */
export interface DecodedLogRecord {
  timeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  resource: Attributes;
}

function decodeLogRecord(reader: ProtoReader, resource: Attributes): DecodedLogRecord {
  const record: DecodedLogRecord = {
    timeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: '',
    attributes: {},
    traceId: '',
    spanId: '',
    resource,
  };
  while (!reader.done()) {
    switch (reader.field()) {
      case 1:
        record.timeUnixNano = reader.fixed64('LogRecord.time_unix_nano');
        break;
      case 2:
        record.severityNumber = reader.uint32('LogRecord.severity_number');
        break;
      case 3:
        record.severityText = reader.string('LogRecord.severity_text');
        break;
      case 5:
        record.body = decodeAnyValue(reader.message('LogRecord.body'));
        break;
      case 6:
        decodeKeyValue(reader.message('LogRecord.attributes'), record.attributes);
        break;
      case 9:
        record.traceId = hex(reader.bytes('LogRecord.trace_id'));
        break;
      case 10:
        record.spanId = hex(reader.bytes('LogRecord.span_id'));
        break;
      default:
        reader.skip();
    }
  }
  return record;
}

/** Decodes an ExportLogsServiceRequest body into flat records. */
export function decodeExportLogsServiceRequest(body: Uint8Array): DecodedLogRecord[] {
  const records: DecodedLogRecord[] = [];
  const request = new ProtoReader(body);
  while (!request.done()) {
    if (request.field() !== 1) {
      request.skip();
      continue;
    }
    const resourceLogs = request.message('ExportLogsServiceRequest.resource_logs');
    let resource: Attributes = {};
    const scopes: ProtoReader[] = [];
    while (!resourceLogs.done()) {
      const field = resourceLogs.field();
      if (field === 1) resource = decodeKeyValues(resourceLogs.message('ResourceLogs.resource'), 1);
      else if (field === 2) scopes.push(resourceLogs.message('ResourceLogs.scope_logs'));
      else resourceLogs.skip();
    }
    for (const scope of scopes) {
      while (!scope.done()) {
        if (scope.field() === 2) records.push(decodeLogRecord(scope.message('ScopeLogs.log_records'), resource));
        else scope.skip();
      }
    }
  }
  return records;
}
