import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import { logRecordProblem } from '../log-checks.js';
import { Rejections } from '../rejections.js';
import type { DecodedLogs, LogRecord, ResourceLogs, ScopeLogs } from '../types.js';
import { anyValue, eachObject, keyValues, messageField, resource, scope } from './common.js';
import { arrayField, enumField, hexIdField, isObject, type JsonObject, stringField, uint32Field, uint64Field } from './fields.js';

/** Decodes a parsed OTLP/JSON ExportLogsServiceRequest; throws OtlpDecodeError when it is malformed. */
export function decodeLogsRequestJson(request: unknown, limits: DecodeLimits): DecodedLogs {
  if (!isObject(request)) throw new OtlpDecodeError(CODES.jsonType, 'the body must be a JSON object');
  const rejections = new Rejections(['resourceLogs', 'scopeLogs', 'logRecords']);
  const resourceLogs = eachObject(arrayField(request, 'resourceLogs'), 'resourceLogs', (object, index): ResourceLogs => {
    rejections.resourceIndex = index;
    return {
      resource: messageField(object, 'resource', (message) => resource(message, limits)),
      scopeLogs: eachObject(arrayField(object, 'scopeLogs'), 'scopeLogs', (scopeObject, scopeIndex) => {
        rejections.scopeIndex = scopeIndex;
        return scopeLogs(scopeObject, rejections, limits);
      }),
      schemaUrl: stringField(object, 'schemaUrl', limits),
    };
  });
  return { resourceLogs, rejected: rejections.count, errorMessage: rejections.errorMessage('log record', 'log records') };
}

function scopeLogs(object: JsonObject, rejections: Rejections, limits: DecodeLimits): ScopeLogs {
  const logRecords: LogRecord[] = [];
  eachObject(arrayField(object, 'logRecords'), 'logRecords', (recordObject, index) => {
    const record = logRecord(recordObject, limits);
    const problem = logRecordProblem(record, 'text');
    if (problem === undefined) logRecords.push(record);
    else rejections.add(`logRecords[${index}]`, problem);
  });
  return {
    scope: messageField(object, 'scope', (message) => scope(message, limits)),
    logRecords,
    schemaUrl: stringField(object, 'schemaUrl', limits),
  };
}

function logRecord(object: JsonObject, limits: DecodeLimits): LogRecord {
  return {
    timeUnixNano: uint64Field(object, 'timeUnixNano'),
    observedTimeUnixNano: uint64Field(object, 'observedTimeUnixNano'),
    severityNumber: enumField(object, 'severityNumber'),
    severityText: stringField(object, 'severityText', limits),
    body: messageField(object, 'body', (message) => anyValue(message, 0, limits)),
    attributes: keyValues(object, 'attributes', 0, limits),
    droppedAttributesCount: uint32Field(object, 'droppedAttributesCount'),
    flags: uint32Field(object, 'flags'),
    traceId: hexIdField(object, 'traceId', limits),
    spanId: hexIdField(object, 'spanId', limits),
    eventName: stringField(object, 'eventName', limits),
  };
}
