import { type Logger, symbols } from 'pino';
import type { LevelGate } from './create-logger.js';

/**
 * A string as pino writes it (its `asString`): short strings with no control character are
 * quoted with `"` and `\` escaped, anything else goes through JSON.stringify. Byte for byte
 * what pino writes, so a line assembled with it reads the same as pino's.
 */
export function jsonString(value: string): string {
  const length = value.length;
  if (length > 100) return JSON.stringify(value);
  let result = '';
  let last = 0;
  let found = false;
  let point = 255;
  for (let i = 0; i < length && point >= 32; i++) {
    point = value.charCodeAt(i);
    if (point === 34 || point === 92) {
      result += `${value.slice(last, i)}\\`;
      last = i;
      found = true;
    }
  }
  if (point < 32) return JSON.stringify(value);
  return `"${found ? result + value.slice(last) : value}"`;
}

/** A number as pino writes it: `null` when not finite. */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? `${value}` : 'null';
}

/** `.001` … `.999` with their trailing zeros dropped, and `''` for no fraction: how JavaScript prints thousandths. */
const THOUSANDTHS = Array.from({ length: 1000 }, (_, i) => (i === 0 ? '' : `.${String(i).padStart(3, '0').replace(/0+$/, '')}`));
/** Past this many thousandths, a number's shortest form could need more than 15 significant digits. */
const MAX_EXACT_THOUSANDTHS = 1e15;

/**
 * `value` rounded to three decimals (a duration in ms to the microsecond), written as
 * jsonNumber(Math.round(value * 1000) / 1000) writes it, from an integer and a table: printing
 * a fractional double costs several times more. Below 10^15 thousandths the shortest form of
 * the rounded double is its three-decimal form, so the bytes are the same.
 */
export function jsonMilliseconds(value: number): string {
  const thousandths = Math.round(value * 1000);
  if (!(thousandths >= 0 && thousandths < MAX_EXACT_THOUSANDTHS)) return jsonNumber(thousandths / 1000);
  const fraction = thousandths % 1000;
  return `${(thousandths - fraction) / 1000}${THOUSANDTHS[fraction]}`;
}

interface PinoInternals {
  [key: symbol]: unknown;
}

/** pino's msgPrefix (a child's prefix, added by the log method, not by asJson); missing from pino's typings. */
const MSG_PREFIX = (symbols as unknown as Record<string, symbol>).msgPrefixSym as symbol;

type AsJson = (obj: object, msg: string, level: number, time: string) => string;

/**
 * Writes a record logger's lines (the access line) without pino's per-line work: the caller
 * hands over its fields already as JSON members (`,"key":value`, made with jsonString and
 * jsonNumber), and the line is pino's level prefix, time and pre-serialized bindings, those
 * members and the message, straight into the logger's destination. The logger the app uses
 * stays pino; this only skips building a merge object and walking it for a line whose keys
 * and value types are fixed.
 *
 * Built only where it writes the bytes pino would (see createDirectLineWriter); `write()`
 * returns false when the line must go through pino after all (a scoped debug toggle's gate).
 */
export class DirectLineWriter {
  readonly #logger: PinoInternals;
  readonly #stream: { write(line: string): unknown };
  readonly #gate: LevelGate;
  readonly #prefixes: readonly string[];
  readonly #tails = new Map<string, string>();
  readonly #time: () => string;

  constructor(logger: Logger, gate: LevelGate, messages: readonly string[]) {
    const internals = logger as unknown as PinoInternals;
    this.#logger = internals;
    this.#stream = internals[symbols.streamSym] as { write(line: string): unknown };
    this.#gate = gate;
    this.#prefixes = internals[symbols.lsCacheSym] as string[];
    this.#time = (internals[symbols.timeSym] as () => string).bind(logger);
    for (const message of messages) this.#tail(message);
  }

  /** Writes one line at `level` (a pino level number the caller checked is enabled); false when pino must write it. */
  write(level: number, members: string, message: string): boolean {
    if (level < this.#gate.floor) return false;
    const logger = this.#logger;
    const tail = this.#tails.get(message) ?? this.#tail(message);
    this.#stream.write(`${this.#prefixes[level]}${this.#time()}${logger[symbols.chindingsSym] as string}${members}${tail}`);
    return true;
  }

  #tail(message: string): string {
    const tail = `,"${this.#logger[symbols.messageKeySym] as string}":${jsonString(message)}${this.#logger[symbols.endSym] as string}`;
    this.#tails.set(message, tail);
    return tail;
  }
}

/**
 * A DirectLineWriter for `logger`'s lines with (some of) `keys`, or undefined when pino would
 * write such a line differently than assembled: a key redacted (by path or by key), a
 * formatter or a destination that wants the line's object (multistream, pino-pretty). Checked
 * once, at setup, by having pino write a probe line holding every key and comparing the bytes.
 */
export function createDirectLineWriter(
  logger: Logger,
  gate: LevelGate,
  keys: readonly string[],
  messages: readonly string[],
): DirectLineWriter | undefined {
  const internals = logger as unknown as PinoInternals;
  const stream = internals[symbols.streamSym] as Record<symbol, unknown> | undefined;
  if (stream === undefined || stream[symbols.needsMetadataGsym] === true) return undefined;
  const hooks = internals[symbols.hooksSym] as { streamWrite?: unknown } | undefined;
  if (hooks?.streamWrite !== undefined || internals[symbols.nestedKeySym] || internals[MSG_PREFIX] !== undefined) {
    return undefined;
  }
  const asJson = internals[symbols.asJsonSym] as AsJson;
  const time = ',"time":0';
  // Every key with a string value and with a number: a censor replaces either.
  for (const value of ['probe', 1]) {
    const probe: Record<string, unknown> = {};
    let members = '';
    for (const key of keys) {
      probe[key] = value;
      members += `,${jsonString(key)}:${typeof value === 'string' ? jsonString(value) : jsonNumber(value)}`;
    }
    for (const message of messages) {
      for (const level of [30, 40, 50]) {
        const expected = asJson.call(logger, probe, message, level, time);
        const prefix = (internals[symbols.lsCacheSym] as string[])[level];
        const assembled = `${prefix}${time}${internals[symbols.chindingsSym] as string}${members},"${internals[symbols.messageKeySym] as string}":${jsonString(message)}${internals[symbols.endSym] as string}`;
        if (assembled !== expected) return undefined;
      }
    }
  }
  return new DirectLineWriter(logger, gate, messages);
}
