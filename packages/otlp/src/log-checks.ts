import { type IdSpelling, optionalId, optionalIdProblem, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';
import type { LogRecord } from './types.js';

/**
 * Why a decoded log record must be rejected (an id of the wrong length or not hex), or
 * undefined when it is valid. On success the record's ids are normalised in place: empty or
 * all-zero ids become undefined. Shared by the protobuf and JSON decoders (`spelling`: see IdSpelling).
 */
export function logRecordProblem(record: LogRecord, spelling: IdSpelling): string | undefined {
  const problem =
    optionalIdProblem('traceId', record.traceId ?? '', TRACE_ID_BYTES, spelling) ??
    optionalIdProblem('spanId', record.spanId ?? '', SPAN_ID_BYTES, spelling);
  if (problem !== undefined) return problem;
  const mutable = record as { traceId: string | undefined; spanId: string | undefined };
  mutable.traceId = optionalId(record.traceId ?? '');
  mutable.spanId = optionalId(record.spanId ?? '');
  return undefined;
}
