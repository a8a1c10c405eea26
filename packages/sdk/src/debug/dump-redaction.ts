import { createKeyRedactor, DEFAULT_REDACT_KEYS } from '../log/index.js';
import type { BodyCapture } from './body-tap.js';
import { censorCardNumbers, censorCardNumbersIn } from './card-numbers.js';

/**
 * Keys censored in dumps on top of the logger's: payment fields that are no secret in a log
 * line's own fields but are in the bodies a dump shows.
 */
export const DUMP_REDACT_KEYS: readonly string[] = ['card', 'cardNumber', 'card_number', 'cvv', 'cvc', 'pin'];

/** Nesting levels of a JSON body walked for secret keys; deeper subtrees are replaced, never shown unredacted. */
const MAX_BODY_DEPTH = 16;
const TOO_DEEP = '[nested too deep]';
const BRACKETED_KEY = /\[([^[\]]+)\]$/;
/** Bytes decoded past the shown end of a text body, so a card number cut by the end is still recognised. */
const CARD_LOOKAHEAD_BYTES = 40;

export type DumpedBody =
  | { readonly bytes: number; readonly truncated: boolean; readonly content_type?: string; readonly json: unknown }
  | { readonly bytes: number; readonly truncated: boolean; readonly content_type?: string; readonly text: string }
  | { readonly bytes: number; readonly truncated: boolean; readonly content_type?: string; readonly omitted: string };

type BodyKind = 'json' | 'form' | 'text' | 'binary' | 'unknown';

function kindOf(contentType: string | undefined): BodyKind {
  if (contentType === undefined || contentType === '') return 'unknown';
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml') || type === 'application/javascript') return 'text';
  return 'binary';
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return undefined;
}

/** Replaces subtrees below `depth` levels, so the key walk (bounded too) sees every key that is shown. */
function limitDepth(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_BODY_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => limitDepth(item, depth + 1));
  // Null prototype: a "__proto__" key from JSON.parse stays a key instead of becoming the prototype.
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) copy[key] = limitDepth((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}

/**
 * Censors what a request dump shows: header values, query and form values and JSON fields
 * under secret-looking keys, with the logger's key redaction (log/redaction.ts), so a dump
 * hides exactly the keys a log line hides, plus DUMP_REDACT_KEYS; and card numbers
 * (card-numbers.ts) wherever they appear: in any header, query or form value, JSON value or text body.
 */
export class DumpRedactor {
  readonly #redact: (object: Record<string, unknown>) => Record<string, unknown>;
  readonly #censor: string;
  readonly #maxBodyBytes: number;

  constructor(options: { keys: readonly string[]; censor: string; maxBodyBytes: number }) {
    const keys = [...new Set([...DEFAULT_REDACT_KEYS, ...DUMP_REDACT_KEYS, ...options.keys])];
    this.#redact = createKeyRedactor(keys, options.censor, MAX_BODY_DEPTH);
    this.#censor = options.censor;
    this.#maxBodyBytes = options.maxBodyBytes;
  }

  /** Header names arrive lower-cased from node; the key walk also knows their other spellings. */
  headers(headers: Record<string, unknown>): Record<string, unknown> {
    return censorCardNumbersIn(this.#redact(headers), this.#censor) as Record<string, unknown>;
  }

  /** The URL as received, with the values of secret query parameters censored. */
  url(url: string): string {
    const query = url.indexOf('?');
    return query === -1 ? url : `${url.slice(0, query + 1)}${this.#pairs(url.slice(query + 1))}`;
  }

  body(capture: BodyCapture | undefined, contentType: unknown, contentEncoding: unknown): DumpedBody | undefined {
    if (capture === undefined || capture.total === 0) return undefined;
    const type = headerText(contentType);
    const base = {
      bytes: capture.total,
      truncated: capture.total > this.#maxBodyBytes,
      ...(type === undefined ? {} : { content_type: type }),
    };
    if (this.#maxBodyBytes === 0) return { ...base, omitted: 'bodies off (debug.dumpBodyBytes is 0)' };
    const encoding = headerText(contentEncoding);
    if (encoding !== undefined && encoding !== 'identity') return { ...base, omitted: `content-encoding ${encoding}` };
    const kind = kindOf(type);
    if (kind === 'binary') return { ...base, omitted: 'binary' };
    if (kind === 'text') return { ...base, text: this.#text(capture.bytes()) };
    // JSON and form values are censored by key: that needs the whole body, never a cut one.
    const bytes = capture.bytes();
    if (capture.truncated) return { ...base, omitted: `over ${bytes.length} bytes: too large to redact` };
    const text = bytes.toString('utf8');
    if (kind === 'form') return this.#capped(base, this.#pairs(text));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ...base, omitted: kind === 'json' ? 'invalid JSON' : 'no content-type' };
    }
    const byKey = typeof parsed === 'object' && parsed !== null ? this.#redact(limitDepth(parsed, 0) as Record<string, unknown>) : parsed;
    const redacted = censorCardNumbersIn(byKey, this.#censor);
    const serialized = JSON.stringify(redacted);
    if (serialized.length <= this.#maxBodyBytes) return { ...base, truncated: false, json: redacted };
    return this.#capped(base, serialized);
  }

  /** The shown start of a text body, card numbers censored (also one that the cut would split). */
  #text(bytes: Buffer): string {
    const shown = bytes.toString('utf8', 0, this.#maxBodyBytes);
    const censored = censorCardNumbers(bytes.toString('utf8', 0, this.#maxBodyBytes + CARD_LOOKAHEAD_BYTES), this.#censor);
    return censored.slice(0, shown.length);
  }

  #capped(base: { bytes: number; truncated: boolean }, text: string): DumpedBody {
    return text.length <= this.#maxBodyBytes
      ? { ...base, truncated: false, text }
      : { ...base, truncated: true, text: text.slice(0, this.#maxBodyBytes) };
  }

  /**
   * `a=1&password=x&memo=4111…` → `a=1&password=[REDACTED]&memo=[REDACTED]`, leaving the rest
   * as sent (encoding included): values under secret keys and values holding a card number.
   */
  #pairs(text: string): string {
    const pairs = text.split('&');
    const probe: Record<string, unknown> = Object.create(null);
    const names = pairs.map((pair) => {
      const equals = pair.indexOf('=');
      const full = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
      // `user[password]=…` (the qs syntax Express's extended parser reads) is censored by its last key.
      const name = BRACKETED_KEY.exec(full)?.[1] ?? full;
      probe[name] = 1;
      return name;
    });
    const redacted = this.#redact(probe);
    const holdsCard = pairs.map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return false;
      const value = decodeComponent(pair.slice(equals + 1));
      return censorCardNumbers(value, this.#censor) !== value;
    });
    if (redacted === probe && !holdsCard.includes(true)) return text;
    return pairs
      .map((pair, index) => {
        const name = names[index] as string;
        if (redacted[name] === 1 && !holdsCard[index]) return pair;
        const equals = pair.indexOf('=');
        return `${equals === -1 ? pair : pair.slice(0, equals)}=${this.#censor}`;
      })
      .join('&');
  }
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}
