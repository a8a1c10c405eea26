import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../test/support/exposition-corpus.js';
import { type Exposition, parseExposition } from './exposition-parser.js';
import { parseSecondsTimestamp } from './exposition-values.js';
import { ExpositionParseError } from './scrape-errors.js';

function samplesOf(exposition: Exposition) {
  return exposition.families.flatMap((family) => family.samples.map((sample) => ({ family: family.name, type: family.type, ...sample })));
}

function parseError(body: string, format: 'prometheus' | 'openmetrics'): ExpositionParseError {
  try {
    parseExposition(body, format);
  } catch (error) {
    if (error instanceof ExpositionParseError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('parseExposition', () => {
  it('reads families, HELP, TYPE and samples of the text format with label escapes undone', () => {
    const body = [
      '# HELP http_requests_total Requests served.\\nPer route.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="GET",route="/a\\"b\\\\c\\nd"} 1027 1395066363000',
      '# TYPE rpc_duration_seconds summary',
      'rpc_duration_seconds{quantile="0.99"} 76656',
      'rpc_duration_seconds_sum 1.7560473e+07',
      'rpc_duration_seconds_count 2693',
      '# TYPE latency_seconds histogram',
      'latency_seconds_bucket{le="0.05"} 24054',
      'latency_seconds_bucket{le="+Inf"} 144320',
      'latency_seconds_sum 53423',
      'latency_seconds_count 144320',
      'metric_without_type_or_labels -Inf',
      '',
    ].join('\n');
    const parsed = parseExposition(body, 'prometheus');
    expect(parsed.families.map((family) => [family.name, family.type, family.samples.length])).toEqual([
      ['http_requests_total', 'counter', 1],
      ['rpc_duration_seconds', 'summary', 3],
      ['latency_seconds', 'histogram', 4],
      ['metric_without_type_or_labels', 'untyped', 1],
    ]);
    expect(parsed.families[0]?.help).toBe('Requests served.\nPer route.');
    expect(parsed.families[0]?.samples[0]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'GET', route: '/a"b\\c\nd' },
      value: 1027,
      timestampNanos: 1_395_066_363_000_000_000n,
      line: 3,
    });
    expect(parsed.families[1]?.samples[1]?.value).toBe(17_560_473);
    expect(parsed.families[3]?.samples[0]?.value).toBe(Number.NEGATIVE_INFINITY);
  });

  it('reads OpenMetrics exemplars, units, seconds timestamps and counter suffixes', () => {
    const body = [
      '# TYPE foo_seconds histogram',
      '# UNIT foo_seconds seconds',
      '# HELP foo_seconds Latency "of" foo.',
      'foo_seconds_bucket{le="0.1"} 8 # {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"} 0.067 1700000000.123',
      'foo_seconds_bucket{le="+Inf"} 17',
      'foo_seconds_count 17',
      'foo_seconds_sum 324789.3',
      'foo_seconds_created 1520430000.123',
      '# TYPE requests counter',
      'requests_total{code="200"} 3 1700000001.5 # {trace_id="ab"} 1',
      '# EOF',
    ].join('\n');
    const parsed = parseExposition(body, 'openmetrics');
    expect(parsed.families.map((family) => [family.name, family.type, family.unit, family.samples.length])).toEqual([
      ['foo_seconds', 'histogram', 'seconds', 5],
      ['requests', 'counter', undefined, 1],
    ]);
    expect(parsed.families[0]?.help).toBe('Latency "of" foo.');
    expect(parsed.families[0]?.samples[0]?.exemplar).toEqual({
      labels: { trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' },
      value: 0.067,
      timestampNanos: 1_700_000_000_123_000_000n,
    });
    expect(parsed.families[1]?.samples[0]).toMatchObject({
      name: 'requests_total',
      timestampNanos: 1_700_000_001_500_000_000n,
      exemplar: { labels: { trace_id: 'ab' }, value: 1 },
    });
  });

  it('converts OpenMetrics seconds to nanoseconds exactly, exponents included', () => {
    expect(parseSecondsTimestamp('1700000000.123456789')).toBe(1_700_000_000_123_456_789n);
    expect(parseSecondsTimestamp('1.7e9')).toBe(1_700_000_000_000_000_000n);
    expect(parseSecondsTimestamp('-1.5')).toBe(-1_500_000_000n);
    expect(parseSecondsTimestamp('.5')).toBe(500_000_000n);
    expect(parseSecondsTimestamp('NaN')).toBeUndefined();
    expect(parseSecondsTimestamp('.')).toBeUndefined();
  });

  it('rejects the whole body on the first bad line and names that line', () => {
    const error = parseError('a 1\nb 2\nc{x="1" 3\nd 4\n', 'prometheus');
    expect(error.code).toBe('SL_SCRAPE_PARSE_ERROR');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: /);
  });

  describe.each(CORPUS)('corpus: $format, $name', (corpusCase) => {
    it(corpusCase.error === undefined ? 'is accepted' : `is rejected at line ${corpusCase.error.line}`, () => {
      if (corpusCase.error === undefined) {
        expect(() => parseExposition(corpusCase.body, corpusCase.format)).not.toThrow();
        return;
      }
      const error = parseError(corpusCase.body, corpusCase.format);
      expect(error.line).toBe(corpusCase.error.line);
      expect(error.message).toContain(corpusCase.error.includes);
    });
  });

  it('drops an exemplar over 128 characters and keeps its sample, as Prometheus does', () => {
    const body = CORPUS.find((entry) => entry.name.startsWith('an exemplar over 128'))?.body ?? '';
    const [sample] = samplesOf(parseExposition(body, 'openmetrics'));
    expect(sample).toMatchObject({ name: 'a_total', value: 1 });
    expect(sample?.exemplar).toBeUndefined();
  });

  it('keeps unknown escapes as written, and a text-format HELP\'s \\" too', () => {
    expect(samplesOf(parseExposition('a{b="x\\qy"} 1\n', 'prometheus'))[0]?.labels.b).toBe('x\\qy');
    expect(parseExposition('# HELP a x\\"y\\\\z\n', 'prometheus').families[0]?.help).toBe('x\\"y\\z');
    expect(parseExposition('# HELP a x\\"y\n# EOF\n', 'openmetrics').families[0]?.help).toBe('x"y');
  });

  it('lets the last of repeated metadata win, and joins a family seen again', () => {
    const textFamilies = parseExposition('# TYPE a gauge\na 1\n# TYPE a counter\na 2\n', 'prometheus').families;
    expect(textFamilies.map((family) => [family.name, family.type, family.samples.length])).toEqual([['a', 'counter', 2]]);
    const body = '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\na{x="1"} 1\n# EOF\n';
    const families = parseExposition(body, 'openmetrics').families;
    expect(families.map((family) => [family.name, family.samples.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('keeps every special value and the sample order of the corpus', () => {
    const special = CORPUS.find((entry) => entry.name === 'special values');
    const values = samplesOf(parseExposition(special?.body ?? '', 'prometheus')).map((sample) => sample.value);
    expect(values).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      500,
      5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]);
  });
});

const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool && process.env.CI === 'true') throw new Error('promtool not found on PATH; install the Debian package prometheus');

/** promtool check metrics runs Prometheus' Go text parser (expfmt): a parse error is reported with its line. */
function promtoolVerdict(body: string): { accepted: boolean; line?: number } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
  const match = /text format parsing error in line (\d+)/.exec(`${result.stdout}${result.stderr}`);
  return match === null ? { accepted: true } : { accepted: false, line: Number(match[1]) };
}

describe.skipIf(!promtool)('parseExposition against promtool check metrics (text format)', () => {
  const textCases = CORPUS.filter((entry) => entry.format === 'prometheus');
  it.each(textCases)('agrees with promtool on "$name"', (corpusCase) => {
    const verdict = promtoolVerdict(corpusCase.body);
    const ours = corpusCase.error === undefined ? { accepted: true } : { accepted: false, line: corpusCase.error.line };
    if (corpusCase.promtoolDiffers !== undefined) {
      // A stated difference: the verdicts must still differ, or the note is stale.
      expect(verdict.accepted).toBe(!ours.accepted);
      return;
    }
    expect(verdict).toEqual(ours);
  });
});
