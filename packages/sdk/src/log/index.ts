export { contextMixin } from './context-mixin.js';
export { createLoggerSetup, type LevelGate, type LineTap, type LoggerSetup } from './create-logger.js';
export type { LogOutput, ManagedLogStream } from './destinations.js';
export { createDirectLineWriter, DirectLineWriter, jsonMilliseconds, jsonNumber, jsonString } from './direct-line.js';
export { ACCESS_LINE_MESSAGES, CAPTURED_ERROR_MESSAGE, INTERNAL_ERROR_MESSAGE } from './exception-attributes.js';
export { LineWriter, type LineWriterOptions } from './line-writer.js';
export { createOtlpLogStream, type OtlpLogStream } from './otlp-log-stream.js';
export { createKeyRedactor, createRedaction, DEFAULT_REDACT_KEYS } from './redaction.js';
export { LogSampler, type SamplingOptions } from './sampling.js';
