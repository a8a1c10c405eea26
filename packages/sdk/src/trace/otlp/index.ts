// Internal building blocks, exported for bench/span-encode.ts; not re-exported by the SDK.
export { ExportRequestEncoder, SpanBatch } from './export-request.js';
export { OtlpExportError } from './otlp-http-sender.js';
export { type DropReason, OtlpSpanProcessor, type OtlpSpanProcessorOptions } from './otlp-span-processor.js';
export { SpanEncoder } from './span-encoder.js';
