/**
 * What can go wrong between an OTLP request's bytes and the store, each with the HTTP status
 * the specification gives it. Only 429, 502, 503 and 504 make an OTLP client retry.
 */
export type IngestErrorCode =
  | 'SL_INGEST_BODY_TOO_LARGE'
  | 'SL_INGEST_BAD_ENCODING'
  | 'SL_INGEST_UNSUPPORTED_ENCODING'
  | 'SL_INGEST_UNSUPPORTED_MEDIA_TYPE'
  | 'SL_INGEST_UNAUTHENTICATED'
  | 'SL_INGEST_FORBIDDEN_HOST'
  | 'SL_INGEST_OVERLOADED'
  | 'SL_INGEST_UNAVAILABLE';

const STATUS: Readonly<Record<IngestErrorCode, number>> = {
  SL_INGEST_BODY_TOO_LARGE: 413,
  SL_INGEST_BAD_ENCODING: 400,
  SL_INGEST_UNSUPPORTED_ENCODING: 415,
  SL_INGEST_UNSUPPORTED_MEDIA_TYPE: 415,
  SL_INGEST_UNAUTHENTICATED: 401,
  SL_INGEST_FORBIDDEN_HOST: 403,
  SL_INGEST_OVERLOADED: 503,
  SL_INGEST_UNAVAILABLE: 503,
};

export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  readonly statusCode: number;
  /** Seconds a client should wait before retrying (the `Retry-After` header), for 429 and 503. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: IngestErrorCode, message: string, options?: { retryAfterSeconds?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = STATUS[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
