export { OtlpExportError, OtlpHttpSender, type OtlpHttpSenderOptions } from './otlp-http-sender.js';
export {
  DROP_REASONS,
  type DropReason,
  OtlpSpanProcessor,
  type OtlpSpanProcessorOptions,
  type UndeliveredReport,
} from './otlp-span-processor.js';
