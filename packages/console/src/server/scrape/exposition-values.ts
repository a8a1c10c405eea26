/**
 * The scalar tokens of both exposition formats: float values (Go's ParseFloat subset that
 * Prometheus clients emit), timestamps (integer milliseconds in the text format, decimal
 * seconds in OpenMetrics, both to bigint nanoseconds without float rounding) and escapes.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^(?:([+-]?)(inf|infinity)|nan)$/i;

/** A sample or exemplar value; undefined when the token is not a number. */
export function parseValue(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  const special = SPECIAL.exec(token);
  if (special === null) return undefined;
  if (special[2] === undefined) return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** The Prometheus server takes digits only: no sign (negative times are refused too). */
const INTEGER = /^\d+$/;
const SECONDS = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Text format 0.0.4: an int64 of milliseconds since the epoch. */
export function parseMillisTimestamp(token: string): bigint | undefined {
  if (!INTEGER.test(token)) return undefined;
  return BigInt(token) * 1_000_000n;
}

/** OpenMetrics: decimal seconds since the epoch, kept exact to the nanosecond (digits beyond are cut). */
export function parseSecondsTimestamp(token: string): bigint | undefined {
  const match = SECONDS.exec(token);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return undefined;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > 30) return undefined;
  // Shift the decimal point by the exponent, then by 9 more digits for nanoseconds.
  const digits = whole + fraction;
  const point = whole.length + exponent + 9;
  let integerDigits: string;
  if (point <= 0) integerDigits = '0';
  else if (point >= digits.length) integerDigits = digits + '0'.repeat(point - digits.length);
  else integerDigits = digits.slice(0, point);
  const nanos = BigInt(integerDigits === '' ? '0' : integerDigits);
  return sign === '-' ? -nanos : nanos;
}

/**
 * Undoes `\\`, `\n` and, with `quote`, `\"`; any other backslash stays as written, as the
 * Prometheus server's parsers do (they replace the known escapes and keep the rest).
 */
export function unescapeText(text: string, quote: boolean): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const next = text[i + 1];
    if (char === '\\' && (next === '\\' || next === 'n' || (next === '"' && quote))) {
      out += next === 'n' ? '\n' : next;
      i++;
    } else out += char;
  }
  return out;
}
