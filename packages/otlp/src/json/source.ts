import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import type { DecodeLimits } from '../limits.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** Integers with up to 15 digits are exact as doubles (2^53 has 16). */
const EXACT_DIGITS = 15;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Parses an OTLP/JSON body. `JSON.parse` turns 1700000000000000001 into 1700000000000000000, so
 * a pre-pass over the source text quotes every number literal that a double might not hold
 * exactly (more than 15 digits, or an exponent) before parsing: such values reach the field
 * decoders as their exact decimal text, which proto3 JSON allows for every numeric field. The
 * same pass measures nesting, so a deeply nested body is refused before `JSON.parse` sees it.
 */
export function parseJsonBody(body: Uint8Array, limits: DecodeLimits): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new OtlpDecodeError(CODES.invalidUtf8, 'the body is not valid UTF-8');
  }
  const quoted = quoteInexactNumbers(text, limits.maxJsonDepth);
  try {
    return JSON.parse(quoted);
  } catch (error) {
    throw new OtlpDecodeError(CODES.invalidJson, `the body is not JSON: ${(error as Error).message}`);
  }
}

/** The text with inexact number literals in quotes; throws when nesting passes `maxDepth`. */
export function quoteInexactNumbers(text: string, maxDepth: number): string {
  const length = text.length;
  let parts: string[] | undefined;
  let copiedUpTo = 0;
  let depth = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) throw new OtlpDecodeError(CODES.tooDeep, `JSON nested deeper than ${maxDepth} levels at character ${i}`);
      i++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      i++;
    } else if (code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9)) {
      const end = numberEnd(text, i);
      if (isInexact(text, i, end)) {
        parts ??= [];
        parts.push(text.slice(copiedUpTo, i), '"', text.slice(i, end), '"');
        copiedUpTo = end;
      }
      i = end;
    } else {
      i++;
    }
  }
  if (parts === undefined) return text;
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

/** Index after the closing quote of the string that opens at `start` (or the text's length when unterminated). */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close === -1) return text.length;
    let backslashes = 0;
    for (let j = close - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    from = close + 1;
  }
}

/** Index after the number-like token at `start`: digits, sign, point, exponent. */
function numberEnd(text: string, start: number): number {
  let i = start + 1;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const numeric =
      (code >= DIGIT_0 && code <= DIGIT_9) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === MINUS;
    if (!numeric) break;
  }
  return i;
}

/**
 * True for a valid JSON number that a double may not represent exactly as written. Invalid
 * tokens are left alone, for JSON.parse to reject.
 */
function isInexact(text: string, start: number, end: number): boolean {
  let digits = 0;
  let exponent = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= DIGIT_0 && code <= DIGIT_9) digits++;
    else if (code === 0x65 || code === 0x45) exponent = true;
  }
  if (digits <= EXACT_DIGITS && !exponent) return false;
  return JSON_NUMBER.test(text.slice(start, end));
}
