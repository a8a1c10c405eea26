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

/**
 * OpenMetrics: an exemplar's label set is at most 128 UTF-8 characters. Prometheus keeps the
 * sample and drops such an exemplar (its exemplar storage refuses it; the scrape succeeds).
 */
const MAX_EXEMPLAR_LABEL_CHARS = 128;

const isBlank = (code: number) => code === 0x20 || code === 0x09;
const isNameStart = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * A cursor over one line. Blanks follow the Prometheus server's two lexers: the text format takes
 * runs of spaces and tabs between tokens and inside label sets; OpenMetrics exactly one space
 * between tokens and none inside a label set.
 */
class Cursor {
  position = 0;
  constructor(
    readonly text: string,
    readonly openMetrics: boolean,
  ) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }
  peek(): number {
    return this.text.charCodeAt(this.position);
  }
  /** Blanks allowed inside a label set (text format only). */
  innerBlanks(): void {
    if (this.openMetrics) return;
    while (!this.done && isBlank(this.peek())) this.position++;
  }
  /** The separator between tokens; returns whether there was one. */
  separator(): boolean {
    const start = this.position;
    if (this.openMetrics) {
      if (this.peek() === 0x20) this.position++;
    } else {
      while (!this.done && isBlank(this.peek())) this.position++;
    }
    return this.position > start;
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

/** `{name="value",…}` with the cursor on `{`; a trailing comma only in the text format. */
function readLabels(cursor: Cursor, metric: string): Record<string, string> {
  const labels: Record<string, string> = {};
  cursor.position++;
  cursor.innerBlanks();
  if (cursor.peek() === 0x7d) {
    cursor.position++;
    return labels;
  }
  for (;;) {
    const name = cursor.name(false);
    if (name === '') throw new LineError(`invalid label name for metric "${metric}"`);
    if (name === '__name__') throw new LineError('label name "__name__" is reserved');
    if (Object.hasOwn(labels, name)) throw new LineError(`duplicate label name "${name}" for metric "${metric}"`);
    cursor.innerBlanks();
    cursor.expect('=', `after label name "${name}"`);
    cursor.innerBlanks();
    cursor.expect('"', `at start of the value of label "${name}"`);
    const start = cursor.position;
    let escaped = false;
    while (!cursor.done && (escaped || cursor.peek() !== 0x22)) {
      escaped = !escaped && cursor.peek() === 0x5c;
      cursor.position++;
    }
    if (cursor.done) throw new LineError(`unexpected end of the value of label "${name}"`);
    labels[name] = unescapeText(cursor.text.slice(start, cursor.position), true);
    cursor.position++;
    cursor.innerBlanks();
    if (cursor.peek() === 0x7d) {
      cursor.position++;
      return labels;
    }
    cursor.expect(',', `or '}' after the value of label "${name}"`);
    cursor.innerBlanks();
    if (!cursor.openMetrics && cursor.peek() === 0x7d) {
      cursor.position++;
      return labels;
    }
  }
}

function readValue(cursor: Cursor, what: string): number {
  const token = cursor.token();
  const value = parseValue(token);
  if (value === undefined) throw new LineError(`expected a float as ${what}, got "${token}"`);
  return value;
}

function readTimestamp(cursor: Cursor, what: string): bigint {
  const token = cursor.token();
  const nanos = cursor.openMetrics ? parseSecondsTimestamp(token) : parseMillisTimestamp(token);
  if (nanos === undefined) {
    throw new LineError(`expected ${cursor.openMetrics ? 'seconds' : 'integer milliseconds'} as ${what}, got "${token}"`);
  }
  return nanos;
}

/** After the value (and timestamp): the end, or one space then `# {…} value [timestamp]`. */
function readExemplar(cursor: Cursor): ParsedExemplar | undefined {
  cursor.position++;
  if (!cursor.separator() || cursor.peek() !== 0x7b) throw new LineError("expected ' {' to start an exemplar's labels after '#'");
  const labels = readLabels(cursor, 'exemplar');
  if (!cursor.separator()) throw new LineError("expected ' ' after an exemplar's labels");
  const value = readValue(cursor, 'exemplar value');
  let timestampNanos: bigint | undefined;
  if (cursor.separator()) timestampNanos = readTimestamp(cursor, 'exemplar timestamp');
  if (!cursor.done) throw new LineError(`unexpected text after the exemplar: "${cursor.text.slice(cursor.position)}"`);
  let chars = 0;
  for (const [name, text] of Object.entries(labels)) chars += [...name].length + [...text].length;
  if (chars > MAX_EXEMPLAR_LABEL_CHARS) return undefined;
  return timestampNanos === undefined ? { labels, value } : { labels, value, timestampNanos };
}

/** What may follow a sample's value or timestamp: nothing, blanks (text), or an exemplar (OpenMetrics). */
function atEnd(cursor: Cursor, sample: SampleLine, after: string): boolean {
  if (cursor.done) return true;
  if (!cursor.separator()) throw new LineError(`unexpected text after the ${after}: "${cursor.text.slice(cursor.position)}"`);
  if (cursor.done) {
    if (cursor.openMetrics) throw new LineError(`a blank after the ${after} (OpenMetrics ends the line there)`);
    return true;
  }
  if (cursor.openMetrics && cursor.peek() === 0x23) {
    const exemplar = readExemplar(cursor);
    if (exemplar !== undefined) sample.exemplar = exemplar;
    return true;
  }
  return false;
}

/** `name{labels} value [timestamp] [# {exemplar labels} value [timestamp]]`; exemplars only in OpenMetrics. */
export function parseSampleLine(text: string, line: number, openMetrics: boolean): SampleLine {
  const cursor = new Cursor(text, openMetrics);
  if (isBlank(cursor.peek())) throw new LineError('a sample line starts with its metric name, not a blank');
  const name = cursor.name(true);
  if (name === '') throw new LineError('invalid metric name');
  let separated = cursor.separator();
  let labels: Record<string, string> = {};
  if (cursor.peek() === 0x7b && (!separated || !openMetrics)) {
    labels = readLabels(cursor, name);
    separated = cursor.separator();
  }
  if (!separated && openMetrics) throw new LineError(`expected ' ' before the value of "${name}"`);
  const sample: SampleLine = { name, labels, value: readValue(cursor, 'value'), line };
  if (atEnd(cursor, sample, 'value')) return sample;
  sample.timestampNanos = readTimestamp(cursor, 'timestamp');
  if (atEnd(cursor, sample, 'timestamp')) return sample;
  throw new LineError(`unexpected text after the timestamp: "${text.slice(cursor.position)}"`);
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isMetricName(text: string): boolean {
  return METRIC_NAME.test(text);
}
