/** Trace and span ids: the checks both formats apply to decoded ids. */

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

const HEX_DIGITS = /^[0-9a-f]*$/;
/** The all-zero id of each length, compared by string equality (ids here are lowercase). */
const ZEROS: Readonly<Record<number, string>> = { [TRACE_ID_BYTES]: '0'.repeat(32), [SPAN_ID_BYTES]: '0'.repeat(16) };

/**
 * How decoded ids are spelled: `hex` when the decoder wrote them itself from bytes (protobuf:
 * lowercase hex by construction, so only their length is checked), `text` when they came as
 * the sender's text (JSON) and every character must be checked.
 */
export type IdSpelling = 'hex' | 'text';

/**
 * What is wrong with a required id, or undefined when it is valid: `bytes` long, hex, not all
 * zero (the W3C and OTLP "invalid id").
 */
export function requiredIdProblem(name: string, id: string, bytes: number, spelling: IdSpelling = 'text'): string | undefined {
  if (id.length !== bytes * 2) {
    if (id.length === 0) return `${name} is missing`;
    return id.length % 2 === 0 && HEX_DIGITS.test(id) ? `${name} must be ${bytes} bytes, got ${id.length / 2}` : `${name} is not hex`;
  }
  if (id === ZEROS[bytes]) return `${name} is all zero`;
  if (spelling === 'text' && !HEX_DIGITS.test(id)) return `${name} is not hex`;
  return undefined;
}

/**
 * An optional id (a parent span id, a log record's or exemplar's ids) as the decoders return
 * it: `undefined` when empty or all zero (both mean "none"; some clients write zeros), else the
 * id. `problem` is set when it has the wrong length or is not hex.
 */
export function optionalIdProblem(name: string, id: string, bytes: number, spelling: IdSpelling = 'text'): string | undefined {
  if (id.length === 0 || id === ZEROS[bytes]) return undefined;
  return requiredIdProblem(name, id, bytes, spelling);
}

/** `undefined` for an empty or all-zero optional id, the id otherwise (check it with {@link optionalIdProblem} first). */
export function optionalId(id: string): string | undefined {
  return id.length === 0 || id === ZEROS[id.length / 2] ? undefined : id;
}
