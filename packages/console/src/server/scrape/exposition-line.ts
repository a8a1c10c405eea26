import { parseMillisTimestamp, parseSecondsTimestamp, parseValue, unescapeText } from './exposition-values.js';

/** An exemplar as exposed: `# {trace_id="…"} 0.67 1700000000.123` after an OpenMetrics sample. */
export interface ParsedExemplar {
  labels: Record<string, string>;
  value: number;
  timestampNanos?: bigint;
}

export interface SampleLine {
  /** The name as exposed, e.g. `http_server_request_duration_seconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The sample's own timestamp, when it has one. */
  timestampNanos?: bigint;
  exemplar?: ParsedExemplar;
  /** 1-based line of the body. */
  line: number;
}

/** Thrown inside one line; the parser adds the line number. */
export class LineError extends Error {}

/** OpenMetrics: an exemplar's label set is at most 128 UTF-8 characters, names and values together. */
const MAX_EXEMPLAR_LABEL_CHARS = 128;

const isBlank = (code: number) => code === 0x20 || code === 0x09;
const isNameStart = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** A cursor over one line: no regexes or substrings per character. */
class Cursor {
  position = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }
  peek(): number {
    return this.text.charCodeAt(this.position);
  }
  skipBlank(): void {
    while (!this.done && isBlank(this.peek())) this.position++;
  }
  /** A metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or, with `colon` false, a label name. */
  name(colon: boolean): string {
    const start = this.position;
    while (!this.done) {
      const code = this.peek();
      const allowed = isNameStart(code) || (colon && code === 0x3a) || (this.position > start && isDigit(code));
      if (!allowed) break;
      this.position++;
    }
    return this.text.slice(start, this.position);
  }
  /** Everything up to the next blank. */
  token(): string {
    const start = this.position;
    while (!this.done && !isBlank(this.peek())) this.position++;
    return this.text.slice(start, this.position);
  }
  expect(char: string, what: string): void {
    if (this.text[this.position] !== char) {
      const found = this.done ? 'end of line' : `'${this.text[this.position]}'`;
      throw new LineError(`expected '${char}' ${what}, found ${found}`);
    }
    this.position++;
  }
}

/** `{name="value",…}` with the cursor on `{`; a trailing comma is allowed, as in Prometheus. */
function readLabels(cursor: Cursor, metric: string): Record<string, string> {
  const labels: Record<string, string> = {};
  cursor.position++;
  for (;;) {
    cursor.skipBlank();
    if (cursor.peek() === 0x7d) {
      cursor.position++;
      return labels;
    }
    const name = cursor.name(false);
    if (name === '') throw new LineError(`invalid label name for metric "${metric}"`);
    if (name === '__name__') throw new LineError('label name "__name__" is reserved');
    if (Object.hasOwn(labels, name)) throw new LineError(`duplicate label name "${name}" for metric "${metric}"`);
    cursor.skipBlank();
    cursor.expect('=', `after label name "${name}"`);
    cursor.skipBlank();
    cursor.expect('"', `at start of the value of label "${name}"`);
    const start = cursor.position;
    let escaped = false;
    while (!cursor.done && (escaped || cursor.peek() !== 0x22)) {
      escaped = !escaped && cursor.peek() === 0x5c;
      cursor.position++;
    }
    if (cursor.done) throw new LineError(`unexpected end of the value of label "${name}"`);
    const raw = cursor.text.slice(start, cursor.position);
    cursor.position++;
    const value = unescapeText(raw, true);
    if (value === undefined) throw new LineError(`invalid escape sequence in the value of label "${name}" (only \\\\, \\" and \\n)`);
    labels[name] = value;
    cursor.skipBlank();
    if (cursor.peek() === 0x2c) cursor.position++;
    else if (cursor.peek() !== 0x7d) throw new LineError(`expected ',' or '}' after the value of label "${name}"`);
  }
}

function readValue(cursor: Cursor, what: string): number {
  const token = cursor.token();
  const value = parseValue(token);
  if (value === undefined) throw new LineError(`expected a float as ${what}, got "${token}"`);
  return value;
}

function readTimestamp(cursor: Cursor, openMetrics: boolean, what: string): bigint {
  const token = cursor.token();
  const nanos = openMetrics ? parseSecondsTimestamp(token) : parseMillisTimestamp(token);
  if (nanos === undefined) {
    throw new LineError(`expected ${openMetrics ? 'seconds' : 'integer milliseconds'} as ${what}, got "${token}"`);
  }
  return nanos;
}

function readExemplar(cursor: Cursor): ParsedExemplar {
  cursor.position++;
  cursor.skipBlank();
  if (cursor.peek() !== 0x7b) throw new LineError("expected '{' to start an exemplar's labels");
  const labels = readLabels(cursor, 'exemplar');
  let chars = 0;
  for (const [name, value] of Object.entries(labels)) chars += [...name].length + [...value].length;
  if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
    throw new LineError(`exemplar labels have ${chars} characters, at most ${MAX_EXEMPLAR_LABEL_CHARS} are allowed`);
  }
  cursor.skipBlank();
  const value = readValue(cursor, 'exemplar value');
  cursor.skipBlank();
  if (cursor.done) return { labels, value };
  const timestampNanos = readTimestamp(cursor, true, 'exemplar timestamp');
  cursor.skipBlank();
  if (!cursor.done) throw new LineError('unexpected text after the exemplar timestamp');
  return { labels, value, timestampNanos };
}

/**
 * `name{labels} value [timestamp] [# {exemplar labels} value [timestamp]]`. Blanks (spaces,
 * tabs) may repeat and trail, as the Prometheus server accepts; exemplars only in OpenMetrics.
 */
export function parseSampleLine(text: string, line: number, openMetrics: boolean): SampleLine {
  const cursor = new Cursor(text);
  cursor.skipBlank();
  const name = cursor.name(true);
  if (name === '') throw new LineError('invalid metric name');
  cursor.skipBlank();
  const labels = cursor.peek() === 0x7b ? readLabels(cursor, name) : {};
  cursor.skipBlank();
  const sample: SampleLine = { name, labels, value: readValue(cursor, 'value'), line };
  cursor.skipBlank();
  if (cursor.done) return sample;
  if (openMetrics && cursor.peek() === 0x23) {
    sample.exemplar = readExemplar(cursor);
    return sample;
  }
  sample.timestampNanos = readTimestamp(cursor, openMetrics, 'timestamp');
  cursor.skipBlank();
  if (cursor.done) return sample;
  if (openMetrics && cursor.peek() === 0x23) {
    sample.exemplar = readExemplar(cursor);
    return sample;
  }
  throw new LineError(`unexpected text after the timestamp: "${text.slice(cursor.position)}"`);
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isMetricName(text: string): boolean {
  return METRIC_NAME.test(text);
}
