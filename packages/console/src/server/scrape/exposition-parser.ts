import {
  acceptsExemplar,
  type MetricType,
  memberSuffix,
  OPENMETRICS_TYPES,
  TEXT_TYPES,
  textFamilyCandidates,
} from './exposition-families.js';
import { isMetricName, LineError, type ParsedExemplar, parseSampleLine, type SampleLine } from './exposition-line.js';
import { parseValue, unescapeText } from './exposition-values.js';
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
    const lastLine = end === -1;
    if (lastLine) end = body.length;
    lineNumber++;
    const line = body.charCodeAt(end - 1) === 0x0d && format === 'prometheus' ? body.slice(start, end - 1) : body.slice(start, end);
    try {
      parser.line(line, lineNumber);
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

  abstract line(text: string, lineNumber: number): void;
  abstract finish(lineNumber: number): void;

  protected newFamily(name: string, type: MetricType): ParsedFamily {
    const family: ParsedFamily = { name, type, samples: [] };
    this.families.push(family);
    return family;
  }
}

/** `le` and `quantile` must be floats (Prometheus rejects the scrape otherwise). */
function checkSpecialLabels(family: ParsedFamily, suffix: string, labels: Record<string, string>, openMetrics: boolean): void {
  const isHistogram = family.type === 'histogram' || family.type === 'gaugehistogram';
  const special = isHistogram && suffix === '_bucket' ? 'le' : family.type === 'summary' && suffix === '' ? 'quantile' : undefined;
  if (special === undefined) return;
  const text = labels[special];
  if (text === undefined) {
    if (openMetrics) throw new LineError(`a ${family.type} ${special === 'le' ? 'bucket' : 'quantile'} sample needs a "${special}" label`);
    return;
  }
  if (parseValue(text) === undefined) throw new LineError(`expected a float as the value of the '${special}' label, got "${text}"`);
}

/** Text format 0.0.4, with the checks of Prometheus' Go parser (expfmt) that `promtool check metrics` runs. */
class TextParser extends BaseParser {
  private readonly byName = new Map<string, ParsedFamily>();
  private readonly typed = new Set<ParsedFamily>();
  private readonly helped = new Set<ParsedFamily>();
  /** Sample name → its family and suffix; names repeat on every series, so resolve each once. */
  private readonly resolved = new Map<string, { family: ParsedFamily; suffix: string }>();

  line(text: string, lineNumber: number): void {
    let index = 0;
    while (index < text.length && (text[index] === ' ' || text[index] === '\t')) index++;
    if (index === text.length) return;
    if (text[index] === '#') this.comment(text.slice(index + 1));
    else this.sample(text, lineNumber);
  }

  finish(): void {}

  private familyFor(name: string): ParsedFamily {
    let family = this.byName.get(name);
    if (family === undefined) {
      family = this.newFamily(name, 'untyped');
      this.byName.set(name, family);
    }
    return family;
  }

  /** `# HELP name text`, `# TYPE name type`; any other comment is ignored. */
  private comment(rest: string): void {
    const match = /^[ \t]*(\S+)(?:[ \t]+(.*))?$/.exec(rest);
    if (match === null || (match[1] !== 'HELP' && match[1] !== 'TYPE') || match[2] === undefined) return;
    const after = match[2];
    const nameEnd = after.search(/[ \t]|$/);
    const name = after.slice(0, nameEnd);
    if (!isMetricName(name)) throw new LineError('invalid metric name in comment');
    const value = after.slice(nameEnd).replace(/^[ \t]+/, '');
    const family = this.familyFor(name);
    // A new family or type changes where names resolve.
    this.resolved.clear();
    if (match[1] === 'HELP') {
      if (this.helped.has(family)) throw new LineError(`second HELP line for metric name "${name}"`);
      const help = unescapeText(value, false);
      if (help === undefined) throw new LineError('invalid escape sequence in HELP text (only \\\\ and \\n)');
      family.help = help;
      this.helped.add(family);
      return;
    }
    const type = value.trimEnd().toLowerCase();
    if (!TEXT_TYPES.has(type)) throw new LineError(`unknown metric type "${value}"`);
    if (this.typed.has(family) || family.samples.length > 0) {
      throw new LineError(`second TYPE line for metric name "${name}", or TYPE reported after samples`);
    }
    family.type = type as MetricType;
    this.typed.add(family);
  }

  private sample(text: string, lineNumber: number): void {
    const parsed = parseSampleLine(text, lineNumber, false);
    let resolved = this.resolved.get(parsed.name);
    if (resolved === undefined) {
      resolved = this.resolve(parsed.name);
      this.resolved.set(parsed.name, resolved);
    }
    checkSpecialLabels(resolved.family, resolved.suffix, parsed.labels, false);
    resolved.family.samples.push(parsed);
  }

  /** expfmt's lookup: the exact name, else a summary or histogram it is a `_sum`/`_count`/`_bucket` of, else a new untyped family. */
  private resolve(name: string): { family: ParsedFamily; suffix: string } {
    for (const candidate of textFamilyCandidates(name)) {
      const known = this.byName.get(candidate);
      const suffix = known === undefined ? undefined : memberSuffix(candidate, known.type, name, false);
      if (known !== undefined && suffix !== undefined && (candidate === name || known.type !== 'untyped')) return { family: known, suffix };
    }
    return { family: this.familyFor(name), suffix: '' };
  }
}

/** OpenMetrics 1.0 text: metadata before samples, no interleaved families, `# EOF` last. */
class OpenMetricsParser extends BaseParser {
  private current: ParsedFamily | undefined;
  /** Whether the current family was named by metadata (its samples take suffixes) or by a bare sample. */
  private currentHasMetadata = false;
  private readonly seen = new Set<string>();
  private eofLine = 0;
  private readonly metadataSeen = new Set<string>();

  line(text: string, lineNumber: number): void {
    if (this.eofLine !== 0) throw new LineError('text after "# EOF"');
    if (text === '') throw new LineError('empty line (OpenMetrics has none)');
    if (text.startsWith('#')) this.metadata(text);
    else this.sample(text, lineNumber);
    if (text === '# EOF') this.eofLine = lineNumber;
  }

  finish(lineNumber: number): void {
    if (this.eofLine === 0) throw new ExpositionParseError(lineNumber, 'the exposition does not end with "# EOF"');
  }

  private begin(name: string, type: MetricType, hasMetadata: boolean): ParsedFamily {
    if (this.seen.has(name)) throw new LineError(`metric family "${name}" appears twice (families must not be interleaved)`);
    this.seen.add(name);
    this.metadataSeen.clear();
    this.current = this.newFamily(name, type);
    this.currentHasMetadata = hasMetadata;
    return this.current;
  }

  private metadata(text: string): void {
    if (text === '# EOF') return;
    const match = /^# (HELP|TYPE|UNIT) ([^ ]+)(?: (.*))?$/.exec(text);
    if (match === null) throw new LineError(`unexpected comment "${text}" (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF)`);
    const [, keyword, name = '', value = ''] = match;
    if (!isMetricName(name)) throw new LineError(`invalid metric name "${name}" in ${keyword}`);
    const family = this.current?.name === name && this.currentHasMetadata ? this.current : this.begin(name, 'unknown', true);
    if (family.samples.length > 0) throw new LineError(`${keyword} for "${name}" after its samples`);
    if (this.metadataSeen.has(keyword as string)) throw new LineError(`second ${keyword} line for metric family "${name}"`);
    this.metadataSeen.add(keyword as string);
    if (keyword === 'TYPE') {
      if (!OPENMETRICS_TYPES.has(value)) throw new LineError(`unknown metric type "${value}"`);
      family.type = value as MetricType;
    } else if (keyword === 'HELP') {
      // Producers (prom-client among them) leave `"` unescaped in HELP; Prometheus accepts it, so do we.
      const help = unescapeText(value, true);
      if (help === undefined) throw new LineError('invalid escape sequence in HELP text (only \\\\, \\" and \\n)');
      family.help = help;
    } else {
      if (value !== '' && !name.endsWith(`_${value}`)) throw new LineError(`unit "${value}" is not a suffix of metric family "${name}"`);
      family.unit = value;
    }
  }

  private sample(text: string, lineNumber: number): void {
    const parsed = parseSampleLine(text, lineNumber, true);
    const current = this.current;
    let family: ParsedFamily;
    let suffix: string | undefined;
    if (current !== undefined && this.currentHasMetadata) suffix = memberSuffix(current.name, current.type, parsed.name, true);
    else if (current !== undefined) suffix = current.name === parsed.name ? '' : undefined;
    if (current !== undefined && suffix !== undefined) family = current;
    else {
      family = this.begin(parsed.name, 'unknown', false);
      suffix = '';
    }
    if (parsed.exemplar !== undefined && !acceptsExemplar(family.type, suffix)) {
      throw new LineError(`an exemplar on "${parsed.name}" (exemplars go on counter _total and histogram _bucket samples only)`);
    }
    checkSpecialLabels(family, suffix, parsed.labels, true);
    family.samples.push(parsed);
  }
}
