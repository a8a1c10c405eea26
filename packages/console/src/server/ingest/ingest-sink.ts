import type { OtlpFormat, OtlpSignal, PartialSuccess } from '@sightline/otlp';

/**
 * Where the receiver hands a request's (decompressed) body. The sink decodes and stores it, and
 * its promise settles only once the rows are committed: the receiver answers 2xx after that and
 * never before. It throws `OtlpDecodeError` for a malformed payload (400) and `IngestError`
 * with `SL_INGEST_OVERLOADED` when its queue is full (503 + Retry-After).
 */
export interface IngestSink {
  /** `body` is the receiver's to give away (readBody's own buffer): the sink may move it to another thread. */
  ingest(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array): Promise<PartialSuccess | undefined>;
}
