/**
 * A run of 13 to 19 digits, single spaces or dashes allowed between them, not part of a longer
 * digit run. A match may hold a card number and more digits beside it ("4111… 123", a card
 * and its CVC): cardRanges() looks for the card among its digit groups.
 */
const CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;
const SEPARATED_GROUP = /\d+/g;
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/** Luhn's checksum (ISO/IEC 7812), which every payment card number satisfies. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * 13 to 19 Luhn-valid digits. One in ten digit runs passes Luhn by chance: a millisecond
 * timestamp (13 digits starting with 1, until the year 2286) would be censored in every tenth
 * dump. No card number has that form (issuers starting with 1 use 15 digits), so it is kept.
 */
export function isCardNumber(digits: string): boolean {
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) return false;
  if (digits.charCodeAt(0) === 49 /* 1 */ && digits.length !== 15) return false;
  return luhnValid(digits);
}

/** The card number inside a candidate match, as [start, end) offsets; the whole match first, then its runs of groups. */
function cardRange(match: string): [number, number] | undefined {
  const digits = match.replace(/[ -]/g, '');
  if (isCardNumber(digits)) return [0, match.length];
  const groups = [...match.matchAll(SEPARATED_GROUP)].map((group) => ({ start: group.index, end: group.index + group[0].length }));
  for (let first = 0; first < groups.length; first++) {
    let run = '';
    for (let last = first; last < groups.length; last++) {
      const group = groups[last] as { start: number; end: number };
      run += match.slice(group.start, group.end);
      if (run.length > MAX_DIGITS) break;
      if (run.length >= MIN_DIGITS && isCardNumber(run)) return [(groups[first] as { start: number }).start, group.end];
    }
  }
  return undefined;
}

/** `text` with every card-number-like digit run replaced by `censor`; the same string when there is none. */
export function censorCardNumbers(text: string, censor: string): string {
  if (text.length < MIN_DIGITS) return text;
  return text.replace(CANDIDATE, (match) => {
    const range = cardRange(match);
    return range === undefined ? match : `${match.slice(0, range[0])}${censor}${match.slice(range[1])}`;
  });
}

/**
 * A parsed JSON value with card numbers censored in every string, and every integer that is
 * one replaced by `censor`; copied on write.
 */
export function censorCardNumbersIn(value: unknown, censor: string): unknown {
  if (typeof value === 'string') return censorCardNumbers(value, censor);
  if (typeof value === 'number') return Number.isSafeInteger(value) && isCardNumber(String(Math.abs(value))) ? censor : value;
  if (typeof value !== 'object' || value === null) return value;
  const array = Array.isArray(value);
  let copy: Record<string, unknown> | unknown[] | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const next = censorCardNumbersIn(item, censor);
    if (next === item) continue;
    copy ??= array ? [...(value as unknown[])] : Object.assign(Object.create(Object.getPrototypeOf(value)), value);
    (copy as Record<string, unknown>)[key] = next;
  }
  return copy ?? value;
}
