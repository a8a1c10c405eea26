/**
 * For tests and benchmarks only: synthetic telemetry, and the store's own row → column mapping,
 * appender code and migrations, so a benchmark's raw-appender baseline writes exactly what the
 * store writes.
 */

export type { PreparedAppend } from '../protocol.js';
export { appendPrepared } from '../worker/append-rows.js';
export { prepareAppend, preparedColumns } from '../worker/prepare-rows.js';
export { migrate } from '../worker/schema.js';
export { type ErrorOccurrencesOptions, generateErrorOccurrences } from './error-occurrences.js';
export { type GenerateOptions, generateLogs, generateSpans, traceIdOf } from './generate.js';
