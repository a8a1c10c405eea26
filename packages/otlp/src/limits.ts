/** Bounds a decoder enforces on untrusted payloads; each one exceeded is a malformed payload. */
export interface DecodeLimits {
  /**
   * How deep AnyValue arrays and kvlists may nest (a flat attribute is depth 0). Default 32.
   * Bounds the decoder's recursion, so a hostile payload cannot overflow the stack.
   */
  readonly maxAnyValueDepth: number;
  /**
   * How deep JSON objects and arrays may nest, checked before the body is parsed. Default 160:
   * a request's own structure takes up to 14 levels (an exemplar's attribute value) and each
   * AnyValue level up to four (a kvlist), so values nested `maxAnyValueDepth` deep still fit.
   */
  readonly maxJsonDepth: number;
  /** Largest string or bytes value, in bytes (attribute values, log bodies, names). Default 1 MiB. */
  readonly maxStringBytes: number;
  /** Most entries in one attribute list, AnyValue array or kvlist. Default 10,000. */
  readonly maxAttributes: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxAnyValueDepth: 32,
  maxJsonDepth: 160,
  maxStringBytes: 1024 * 1024,
  maxAttributes: 10_000,
});

/** Defaults for what `partial` leaves out; every value must be a positive integer. */
export function resolveLimits(partial: Partial<DecodeLimits> | undefined): DecodeLimits {
  if (partial === undefined) return DEFAULT_DECODE_LIMITS;
  const limits = { ...DEFAULT_DECODE_LIMITS, ...partial };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`DecodeLimits.${name} must be a positive integer, got ${value}`);
  }
  return limits;
}
