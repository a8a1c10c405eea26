/**
 * Stable codes of {@link OtlpDecodeError}. Every one of them means "the payload is malformed":
 * a receiver answers 400 with a google.rpc.Status naming the problem (see `encodeStatus`).
 */
export const OTLP_DECODE_ERROR_CODES = {
  /** A length or value runs past the end of the payload or of its enclosing message. */
  truncated: 'SL_OTLP_TRUNCATED',
  /** A known protobuf field arrives with another wire type than its schema gives it. */
  wireType: 'SL_OTLP_WIRE_TYPE',
  /** Protobuf structure that no encoder produces: field number 0, wire types 3, 4, 6, 7, a varint over 10 bytes. */
  malformed: 'SL_OTLP_MALFORMED',
  /** A string field (or a JSON body) that is not valid UTF-8. */
  invalidUtf8: 'SL_OTLP_INVALID_UTF8',
  /** The body is not JSON. */
  invalidJson: 'SL_OTLP_INVALID_JSON',
  /** A JSON value of the wrong type for its field (an object where a string belongs, an enum name). */
  jsonType: 'SL_OTLP_JSON_TYPE',
  /** A number that does not fit its field: an int64 out of range, a fraction in an integer. */
  invalidNumber: 'SL_OTLP_INVALID_NUMBER',
  /** Nesting deeper than the limits allow (AnyValue arrays and kvlists, JSON objects and arrays). */
  tooDeep: 'SL_OTLP_TOO_DEEP',
  /** A string, bytes value or attribute list larger than the limits allow. */
  tooLarge: 'SL_OTLP_TOO_LARGE',
} as const;

export type OtlpDecodeErrorCode = (typeof OTLP_DECODE_ERROR_CODES)[keyof typeof OTLP_DECODE_ERROR_CODES];

/**
 * A malformed OTLP payload. `path` names the field in OTLP/JSON terms
 * (`resourceSpans[0].scopeSpans[1].spans[3].attributes[2].value`), whichever format was decoded,
 * and is empty when the problem is the body as a whole.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  readonly code: OtlpDecodeErrorCode;
  /** What is wrong, without the path. */
  readonly detail: string;
  #path: string;

  constructor(code: OtlpDecodeErrorCode, detail: string, path = '') {
    super(path === '' ? detail : `${path}: ${detail}`);
    this.code = code;
    this.detail = detail;
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  /**
   * Puts the enclosing field in front of the path. Decoders call it as the error leaves each
   * message, so the happy path builds no path strings at all.
   */
  within(segment: string): this {
    if (segment === '') return this;
    const path = this.#path;
    this.#path = path === '' ? segment : path.startsWith('[') ? `${segment}${path}` : `${segment}.${path}`;
    this.message = `${this.#path}: ${this.detail}`;
    return this;
  }
}

/** Rethrows `error` with `segment` in front of its path; errors other than decode errors pass through unchanged. */
export function rethrowWithin(error: unknown, segment: string): never {
  if (error instanceof OtlpDecodeError) throw error.within(segment);
  throw error;
}
