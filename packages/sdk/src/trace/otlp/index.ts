// Internal building blocks, exported for bench/span-encode.ts; not re-exported by the SDK.
export { ExportRequestEncoder, SpanBatch } from './export-request.js';
export { OtlpExportError, OtlpHttpSender, type OtlpHttpSenderOptions } from './otlp-http-sender.js';
export {
  DROP_REASONS,
  type DropReason,
  OtlpSpanProcessor,
  type OtlpSpanProcessorOptions,
  type UndeliveredReport,
} from './otlp-span-processor.js';
export { SpanEncoder } from './span-encoder.js';
