import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest } from './decode.js';
import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from './errors.js';
import { resolveLimits } from './limits.js';

// The malformed-input corpus, OTLP/JSON side, and the JSON rules that are easy to get wrong:
// int64 above 2^53 as numbers or strings, hex ids in any case, integer-only enums, unknown keys.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const SPAN_PATH = 'resourceSpans[0].scopeSpans[0].spans[0]';
const utf8 = new TextEncoder();

/** The raw text of a trace request with one span; `spanFields` is spliced into the span object as JSON text. */
const spanText = (spanFields: string) =>
  `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}"${spanFields ? `,${spanFields}` : ''}}]}]}]}`;

const decodeSpan = (spanFields: string) => {
  const decoded = decodeTraceRequest(utf8.encode(spanText(spanFields)), 'json');
  expect(decoded.rejected).toBe(0);
  return decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0];
};

function decodeError(run: () => unknown): OtlpDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof OtlpDecodeError) return error;
    throw error;
  }
  throw new Error('expected an OtlpDecodeError, but the payload decoded');
}

const spanError = (spanFields: string, limits = resolveLimits(undefined)) =>
  decodeError(() => decodeTraceRequest(utf8.encode(spanText(spanFields)), 'json', limits));

describe('OTLP/JSON int64 fields', () => {
  it('reads a nanosecond timestamp above 2^53 written as a number without losing precision', () => {
    // JSON.parse would give 1764633600123456800.
    const span = decodeSpan('"startTimeUnixNano":1764633600123456789,"endTimeUnixNano":1764633600123456791');
    expect(span?.startTimeUnixNano).toBe(1_764_633_600_123_456_789n);
    expect(span?.endTimeUnixNano).toBe(1_764_633_600_123_456_791n);
  });

  it('reads the same timestamp written as a decimal string', () => {
    expect(decodeSpan('"startTimeUnixNano":"1764633600123456789"')?.startTimeUnixNano).toBe(1_764_633_600_123_456_789n);
  });

  it('reads exponent notation exactly, as proto3 JSON allows', () => {
    expect(decodeSpan('"startTimeUnixNano":1.764633600123456789e18')?.startTimeUnixNano).toBe(1_764_633_600_123_456_789n);
    expect(decodeSpan('"startTimeUnixNano":"17e17"')?.startTimeUnixNano).toBe(1_700_000_000_000_000_000n);
  });

  it('keeps an int attribute above 2^53 exact, as a bigint, whether number or string', () => {
    const span = decodeSpan(
      '"attributes":[{"key":"n","value":{"intValue":9007199254740993}},{"key":"s","value":{"intValue":"-9223372036854775808"}},{"key":"small","value":{"intValue":"42"}}]',
    );
    expect(span?.attributes).toEqual({ n: 9_007_199_254_740_993n, s: -9_223_372_036_854_775_808n, small: 42 });
  });

  it('keeps doubles that only look long as doubles', () => {
    const span = decodeSpan(
      '"attributes":[{"key":"d","value":{"doubleValue":0.30000000000000004}},{"key":"e","value":{"doubleValue":1e-7}}]',
    );
    expect(span?.attributes).toEqual({ d: 0.30000000000000004, e: 1e-7 });
  });

  it('reads integral exponent and fraction forms exactly, and nothing else', () => {
    expect(decodeSpan('"startTimeUnixNano":"0.5e1","endTimeUnixNano":"100e-2"')).toMatchObject({
      startTimeUnixNano: 5n,
      endTimeUnixNano: 1n,
    });
    expect(decodeSpan('"startTimeUnixNano":"0e-99999999"')?.startTimeUnixNano).toBe(0n);
    expect(spanError('"startTimeUnixNano":"1.5"').code).toBe(CODES.invalidNumber);
  });

  it('refuses huge exponents and digit strings without computing them, and keeps the message short', () => {
    for (const value of ['"1e-99999999999"', '"1e99999999999"', `"1${'0'.repeat(100_000)}"`, `1${'0'.repeat(100_000)}`]) {
      const error = spanError(`"startTimeUnixNano":${value}`);
      expect(error.code).toBe(CODES.invalidNumber);
      expect(error.message.length).toBeLessThan(200);
    }
  });

  it.each([
    ['above 2^64', '"startTimeUnixNano":"18446744073709551616"', 'startTimeUnixNano'],
    ['negative for an unsigned field', '"startTimeUnixNano":-1', 'startTimeUnixNano'],
    ['a fraction in an integer field', '"droppedAttributesCount":1.5', 'droppedAttributesCount'],
    ['not a number at all', '"endTimeUnixNano":"soon"', 'endTimeUnixNano'],
    [
      'an int64 attribute past its range',
      '"attributes":[{"key":"k","value":{"intValue":"9223372036854775808"}}]',
      'attributes[0].value.intValue',
    ],
  ])('rejects an integer %s, naming the field', (_name, fields, path) => {
    const error = spanError(fields);
    expect(error.code).toBe(CODES.invalidNumber);
    expect(error.path).toBe(`${SPAN_PATH}.${path}`);
  });
});

describe('OTLP/JSON ids, enums and keys', () => {
  it('accepts hex ids in upper case everywhere and returns them in lower case', () => {
    const text = spanText(
      `"parentSpanId":"${SPAN_ID.toUpperCase()}","links":[{"traceId":"${TRACE_ID.toUpperCase()}","spanId":"${SPAN_ID.toUpperCase()}"}]`,
    ).replace(TRACE_ID, TRACE_ID.toUpperCase());
    const span = decodeTraceRequest(utf8.encode(text), 'json').resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span?.traceId).toBe(TRACE_ID);
    expect(span?.parentSpanId).toBe(SPAN_ID);
    expect(span?.links[0]).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
  });

  it('accepts upper-case hex ids in log records', () => {
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"${TRACE_ID.toUpperCase()}","spanId":"${SPAN_ID.toUpperCase()}","body":{"stringValue":"x"}}]}]}]}`;
    const record = decodeLogsRequest(utf8.encode(body), 'json').resourceLogs[0]?.scopeLogs[0]?.logRecords[0];
    expect(record).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, body: 'x' });
  });

  it('rejects an enum written as its name: OTLP/JSON allows only integers', () => {
    const error = spanError('"kind":"SPAN_KIND_SERVER"');
    expect(error.code).toBe(CODES.jsonType);
    expect(error.path).toBe(`${SPAN_PATH}.kind`);
  });

  it('ignores unknown keys, and snake_case keys (which OTLP/JSON does not allow) as unknown', () => {
    const span = decodeSpan('"name":"kept","futureField":{"a":[1,2]},"start_time_unix_nano":"5","kind":2');
    expect(span).toMatchObject({ name: 'kept', startTimeUnixNano: 0n, kind: 2 });
  });

  it('treats null as an absent field', () => {
    expect(decodeSpan('"name":null,"status":null,"attributes":null')).toMatchObject({
      name: '',
      status: { code: 0, message: '' },
      attributes: {},
    });
  });

  it('decodes base64 bytes values in either alphabet', () => {
    const span = decodeSpan('"attributes":[{"key":"b","value":{"bytesValue":"AP8Q"}},{"key":"u","value":{"bytesValue":"_-8"}}]');
    expect(span?.attributes).toEqual({ b: new Uint8Array([0, 255, 16]), u: new Uint8Array([0xff, 0xef]) });
  });
});

describe('OTLP/JSON decoding of malformed payloads', () => {
  it('rejects a body that is not JSON', () => {
    const error = decodeError(() => decodeTraceRequest(utf8.encode('{"resourceSpans":['), 'json'));
    expect(error.code).toBe(CODES.invalidJson);
    expect(error.path).toBe('');
  });

  it('rejects a body that is not valid UTF-8', () => {
    const body = new Uint8Array([...utf8.encode('{"resourceSpans":[{"schemaUrl":"'), 0xc3, 0x28, ...utf8.encode('"}]}')]);
    const error = decodeError(() => decodeTraceRequest(body, 'json'));
    expect(error.code).toBe(CODES.invalidUtf8);
    expect(error.path).toBe('');
  });

  it.each([
    ['a top-level array', '[]', ''],
    ['resourceSpans as an object', '{"resourceSpans":{}}', 'resourceSpans'],
    ['a span that is a string', '{"resourceSpans":[{"scopeSpans":[{"spans":["span"]}]}]}', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['a name that is a number', spanText('"name":5'), `${SPAN_PATH}.name`],
    ['a resource that is an array', '{"resourceSpans":[{"resource":[]}]}', 'resourceSpans[0].resource'],
    ['an attribute value that is a string', spanText('"attributes":[{"key":"k","value":"v"}]'), `${SPAN_PATH}.attributes[0].value`],
    [
      'an array element that is a string',
      spanText('"attributes":[{"key":"k","value":{"arrayValue":{"values":["x"]}}}]'),
      `${SPAN_PATH}.attributes[0].value.arrayValue.values[0]`,
    ],
    [
      'a kvlist value that is a number',
      spanText('"attributes":[{"key":"k","value":{"kvlistValue":{"values":[{"key":"a","value":1}]}}}]'),
      `${SPAN_PATH}.attributes[0].value.kvlistValue.values[0].value`,
    ],
    [
      'bytes that are not base64',
      spanText('"attributes":[{"key":"k","value":{"bytesValue":"not base64!"}}]'),
      `${SPAN_PATH}.attributes[0].value.bytesValue`,
    ],
  ])('rejects %s as a type error naming the field', (_name, text, path) => {
    const error = decodeError(() => decodeTraceRequest(utf8.encode(text), 'json'));
    expect(error.code).toBe(CODES.jsonType);
    expect(error.path).toBe(path);
  });

  it('refuses JSON nested 100,000 levels deep before parsing it, without overflowing the stack', () => {
    const text = `{"resourceSpans":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = decodeError(() => decodeTraceRequest(utf8.encode(text), 'json'));
    expect(error.code).toBe(CODES.tooDeep);
    expect(error.message).toMatch(/deeper than 160 levels/);
  });

  it('does not count brackets inside strings as nesting', () => {
    expect(decodeSpan(`"name":"${'['.repeat(1000)}\\"${'{'.repeat(1000)}"`)?.name).toBe(`${'['.repeat(1000)}"${'{'.repeat(1000)}`);
  });

  it('accepts kvlists nested maxAnyValueDepth deep under the default JSON depth limit', () => {
    let value = '{"stringValue":"leaf"}';
    for (let level = 0; level < 32; level++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"deep","value":${value}}]}]}]}]}`;
    expect(decodeLogsRequest(utf8.encode(body), 'json').resourceLogs[0]?.scopeLogs[0]?.logRecords).toHaveLength(1);
  });

  it('rejects AnyValue kvlists nested deeper than maxAnyValueDepth, naming the path', () => {
    let value = '{"stringValue":"leaf"}';
    for (let level = 0; level < 9; level++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
    const error = spanError(`"attributes":[{"key":"deep","value":${value}}]`, resolveLimits({ maxAnyValueDepth: 8 }));
    expect(error.code).toBe(CODES.tooDeep);
    expect(error.path.startsWith(`${SPAN_PATH}.attributes[0].value.kvlistValue.values[0].value.kvlistValue`)).toBe(true);
  });

  it('rejects a giant attribute value and too many attributes', () => {
    const giant = spanError(`"attributes":[{"key":"g","value":{"stringValue":"${'x'.repeat(1024 * 1024 + 1)}"}}]`);
    expect(giant.code).toBe(CODES.tooLarge);
    expect(giant.path).toBe(`${SPAN_PATH}.attributes[0].value.stringValue`);
    const many = spanError(
      `"attributes":[${Array.from({ length: 5 }, (_, i) => `{"key":"k${i}","value":{"boolValue":true}}`).join(',')}]`,
      resolveLimits({ maxAttributes: 4 }),
    );
    expect(many.code).toBe(CODES.tooLarge);
    expect(many.path).toBe(`${SPAN_PATH}.attributes[4]`);
  });

  it('names log and metric fields in the malformed paths too', () => {
    const logs = '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_INFO"}]}]}]}';
    const logError = decodeError(() => decodeLogsRequest(utf8.encode(logs), 'json'));
    expect(logError.path).toBe('resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber');
    const metrics = '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":[1,-2]}]}}]}]}]}';
    const metricError = decodeError(() => decodeMetricsRequest(utf8.encode(metrics), 'json'));
    expect(metricError.code).toBe(CODES.invalidNumber);
    expect(metricError.path).toBe('resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts[1]');
  });
});
