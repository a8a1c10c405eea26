import { type CheckResult, failed, passed } from './check.js';
import { type LogLines, traceIdsOf } from './log-file.js';

/** Structured, not perfect: a stray line (a stack printed by the runtime) does not fail a JSON log. */
const JSON_SHARE = 0.9;

export function structuredLogsCheck(log: LogLines | string | undefined): CheckResult {
  const title = 'structured logs';
  const fix = 'write logs as JSON lines (pino, the SDK logger) and pass the file with --log';
  if (log === undefined) return failed('logs', 1, title, 'no --log given', fix);
  if (typeof log === 'string') return failed('logs', 1, title, `cannot read the log: ${log}`, fix);
  if (log.lines === 0) return failed('logs', 1, title, `${log.path} is empty`, fix);
  const detail = `${log.records.length} of ${log.lines} lines of ${log.path} are JSON`;
  return log.records.length >= log.lines * JSON_SHARE ? passed('logs', 1, title, detail) : failed('logs', 1, title, detail, fix);
}

export function logCorrelationCheck(log: LogLines | string | undefined): CheckResult {
  const title = 'logs carry trace ids';
  const fix = 'put trace_id and span_id on every log line written in a request (the SDK logger does)';
  if (log === undefined || typeof log === 'string' || log.records.length === 0)
    return failed('log-trace-ids', 3, title, 'no JSON log to look at (--log)', fix);
  const withIds = log.records.filter((record) => traceIdsOf(record) !== undefined).length;
  const detail = `${withIds} of ${log.records.length} JSON lines carry trace_id and span_id`;
  return withIds > 0 ? passed('log-trace-ids', 3, title, detail) : failed('log-trace-ids', 3, title, detail, fix);
}
