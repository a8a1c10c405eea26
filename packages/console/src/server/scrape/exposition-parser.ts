import {
  acceptsExemplar,
  type MetricType,
  memberSuffix,
  OPENMETRICS_TYPES,
  TEXT_TYPES,
  textFamilyCandidates,
} from './exposition-families.js';
import { isMetricName, LineError, type ParsedExemplar, parseSampleLine, type SampleLine } from './exposition-line.js';
import { unescapeText } from './exposition-values.js';
import { ExpositionParseError } from './scrape-errors.js';

export type ExpositionFormat = 'prometheus' | 'openmetrics';
export type { MetricType, ParsedExemplar };

export type ParsedSample = SampleLine;

export interface ParsedFamily {
  name: string;
  /** `untyped` (text) or `unknown` (OpenMetrics) when no TYPE line names it. */
  type: MetricType;
  help?: string;
  unit?: string;
  samples: ParsedSample[];
}

export interface Exposition {
  format: ExpositionFormat;
  /** In the order they first appear. */
  families: ParsedFamily[];
}

/**
 * Parses a Prometheus text format 0.0.4 or OpenMetrics 1.0 text exposition.
 *
 * Any error rejects the whole body (ExpositionParseError naming the line), as Prometheus
 * does: its scrape loop rolls the append back and reports `up 0` when the parser fails, so a
 * half-read scrape never mixes with a good one.
 */
export function parseExposition(body: string, format: ExpositionFormat): Exposition {
  const parser = format === 'openmetrics' ? new OpenMetricsParser() : new TextParser();
  let lineNumber = 0;
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    lineNumber++;
    try {
      parser.line(body.slice(start, end), lineNumber);
    } catch (error) {
      if (error instanceof LineError) throw new ExpositionParseError(lineNumber, error.message);
      throw error;
    }
    start = end + 1;
  }
  // A missing `# EOF` is reported on the line where it was due.
  parser.finish(body === '' || body.endsWith('\n') ? lineNumber + 1 : lineNumber);
  return { format, families: parser.families };
}

abstract class BaseParser {
  readonly families: ParsedFamily[] = [];
  protected readonly byName = new Map<string, ParsedFamily>();

  abstract line(text: string, lineNumber: number): void;
  abstract finish(lineNumber: number): void;

  /** The family of that name, made (with `type`) on first sight; a name seen again joins its first family. */
  protected familyNamed(name: string, type: MetricType): ParsedFamily {
    let family = this.byName.get(name);
    if (family === undefined) {
      family = { name, type, samples: [] };
      this.families.push(family);
      this.byName.set(name, family);
    }
    return family;
  }
}

/**
 * Text format 0.0.4 with the verdicts of the Prometheus server's parser: metadata may repeat or
 * come late (the last one wins), `le`/`quantile` are not checked, unknown escapes stay as written.
 */
class TextParser extends BaseParser {
  /** Sample name → its family and suffix; names repeat on every series, so resolve each once. */
  private readonly resolved = new Map<string, ParsedFamily>();

  line(text: string, lineNumber: number): void {
    let index = 0;
    while (index < text.length && (text[index] === ' ' || text[index] === '\t')) index++;
    if (index === text.length) return;
    if (text[index] === '#') this.comment(text.slice(index + 1));
    else this.sample(text, lineNumber);
  }

  finish(): void {}

  /** `# HELP name text`, `# TYPE name type`; any other comment is ignored. */
  private comment(rest: string): void {
    const match = /^[ \t]*(\S+)(?:[ \t]+(.*))?$/.exec(rest);
    if (match === null || (match[1] !== 'HELP' && match[1] !== 'TYPE') || match[2] === undefined) return;
    const after = match[2];
    const nameEnd = after.search(/[ \t]|$/);
    const name = after.slice(0, nameEnd);
    if (!isMetricName(name)) throw new LineError('invalid metric name in comment');
    const value = after.slice(nameEnd).replace(/^[ \t]+/, '');
    const family = this.familyNamed(name, 'untyped');
    // A new family or type changes where names resolve.
    this.resolved.clear();
    if (match[1] === 'HELP') {
      family.help = unescapeText(value, false);
      return;
    }
    const type = value.trimEnd();
    if (!TEXT_TYPES.has(type)) throw new LineError(`unknown metric type "${value}"`);
    family.type = type as MetricType;
  }

  private sample(text: string, lineNumber: number): void {
    const parsed = parseSampleLine(text, lineNumber, false);
    let family = this.resolved.get(parsed.name);
    if (family === undefined) {
      family = this.resolve(parsed.name);
      this.resolved.set(parsed.name, family);
    }
    family.samples.push(parsed);
  }

  /** The exact name, else the summary or histogram it is a `_sum`/`_count`/`_bucket` of, else a new untyped family. */
  private resolve(name: string): ParsedFamily {
    for (const candidate of textFamilyCandidates(name)) {
      const known = this.byName.get(candidate);
      if (known === undefined) continue;
      if (candidate === name || (known.type !== 'untyped' && memberSuffix(candidate, known.type, name, false) !== undefined)) return known;
    }
    return this.familyNamed(name, 'untyped');
  }
}

/**
 * OpenMetrics 1.0 text with the verdicts of the Prometheus server's parser: strict syntax (single
 * spaces, `# EOF` last, no other comments, TYPE words of the spec, UNIT a suffix of the name,
 * exemplars on counter `_total` and histogram `_bucket` samples only) and lenient grouping
 * (metadata may repeat or come after samples, families may interleave).
 */
class OpenMetricsParser extends BaseParser {
  private current: ParsedFamily | undefined;
  private eofLine = 0;

  line(text: string, lineNumber: number): void {
    if (this.eofLine !== 0) throw new LineError('text after "# EOF"');
    if (text === '') throw new LineError('empty line (OpenMetrics has none)');
    if (text === '# EOF') this.eofLine = lineNumber;
    else if (text.startsWith('#')) this.metadata(text);
    else this.sample(text, lineNumber);
  }

  finish(lineNumber: number): void {
    if (this.eofLine === 0) throw new ExpositionParseError(lineNumber, 'the exposition does not end with "# EOF"');
  }

  private metadata(text: string): void {
    const match = /^# (HELP|TYPE|UNIT) ([^ ]+)(?: (.*))?$/.exec(text);
    if (match === null) throw new LineError(`unexpected comment "${text}" (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF)`);
    const [, keyword, name = '', value] = match;
    if (!isMetricName(name)) throw new LineError(`invalid metric name "${name}" in ${keyword}`);
    const family = this.familyNamed(name, 'unknown');
    this.current = family;
    if (keyword === 'TYPE') {
      if (value === undefined || !OPENMETRICS_TYPES.has(value)) throw new LineError(`unknown metric type "${value ?? ''}"`);
      family.type = value as MetricType;
    } else if (keyword === 'HELP') {
      if (value === undefined) throw new LineError(`expected text in HELP for "${name}"`);
      // Producers (prom-client among them) leave `"` unescaped in HELP; Prometheus accepts it, so do we.
      family.help = unescapeText(value, true);
    } else {
      if (value !== undefined && value !== '' && !name.endsWith(`_${value}`)) {
        throw new LineError(`unit "${value}" is not a suffix of metric family "${name}"`);
      }
      family.unit = value ?? '';
    }
  }

  private sample(text: string, lineNumber: number): void {
    const parsed = parseSampleLine(text, lineNumber, true);
    const current = this.current;
    let suffix: string | undefined;
    if (current !== undefined) suffix = parsed.name === current.name ? '' : memberSuffix(current.name, current.type, parsed.name, true);
    let family: ParsedFamily;
    if (current !== undefined && suffix !== undefined) family = current;
    else {
      family = this.familyNamed(parsed.name, 'unknown');
      this.current = family;
      suffix = '';
    }
    if (parsed.exemplar !== undefined && !acceptsExemplar(family.type, suffix)) {
      throw new LineError(`an exemplar on "${parsed.name}" (exemplars go on counter _total and histogram _bucket samples only)`);
    }
    family.samples.push(parsed);
  }
}
