import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest } from './decode.js';
import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from './errors.js';
import { resolveLimits } from './limits.js';
import { bytes, concat, fixed32, fixed64, hex, message, string, stringAttribute, varint } from './testing/index.js';
import { upstreamSpans } from './upstream.fixture.js';

// The malformed-input corpus, protobuf side: each payload must throw OtlpDecodeError with a
// stable code and the OTLP/JSON path of the field at fault, never decode partially.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const SPAN_PATH = 'resourceSpans[0].scopeSpans[0].spans[0]';

/** An ExportTraceServiceRequest with one span made of `fields` (ids included unless given). */
const spanRequest = (...fields: Uint8Array[]) => message(1, message(2, message(2, hex(1, TRACE_ID), hex(2, SPAN_ID), ...fields)));

function decodeError(run: () => unknown): OtlpDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof OtlpDecodeError) return error;
    throw error;
  }
  throw new Error('expected an OtlpDecodeError, but the payload decoded');
}

const traceError = (body: Uint8Array, limits = resolveLimits(undefined)) => decodeError(() => decodeTraceRequest(body, 'protobuf', limits));

describe('protobuf decoding of malformed payloads', () => {
  it('rejects every truncation of a real upstream request as truncated', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(await upstreamSpans()) as Uint8Array;
    for (const cut of [1, 2, 10, Math.floor(body.length / 2), body.length - 1]) {
      const error = traceError(body.subarray(0, cut));
      expect(error.code, `cut at ${cut}`).toBe(CODES.truncated);
      expect(error.path, `cut at ${cut}`).toMatch(/^resourceSpans\[0\]/);
    }
  });

  it('names the field whose length runs past the end of its enclosing message', () => {
    // The span's name claims 10 bytes; the span message holds 3 more.
    const span = concat(hex(1, TRACE_ID), hex(2, SPAN_ID), [0x2a, 10], Buffer.from('abc'));
    const error = traceError(message(1, message(2, bytes(2, span))));
    expect(error.code).toBe(CODES.truncated);
    expect(error.path).toBe(`${SPAN_PATH}.name`);
    expect(error.message).toMatch(/^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: /);
  });

  it.each([
    ['a string sent as a varint', varint(5, 7), 'name'],
    ['a fixed64 timestamp sent as a varint', varint(7, 1), 'startTimeUnixNano'],
    ['a fixed32 flags field sent as fixed64', fixed64(16, 1n), 'flags'],
    ['an enum sent as a string', string(6, 'SERVER'), 'kind'],
    ['an attribute value string sent as a varint', message(9, string(1, 'k'), message(2, varint(1, 1))), 'attributes[0].value.stringValue'],
    ['an event timestamp sent as fixed32', message(11, fixed32(1, 1)), 'events[0].timeUnixNano'],
    ['the status code sent as a string', message(15, string(3, 'ERROR')), 'status.code'],
  ])('rejects %s with the path of the field', (_name, field, path) => {
    const error = traceError(spanRequest(field));
    expect(error.code).toBe(CODES.wireType);
    expect(error.path).toBe(`${SPAN_PATH}.${path}`);
  });

  it('rejects a known field of the request envelope sent with the wrong wire type', () => {
    const error = traceError(varint(1, 5));
    expect(error.code).toBe(CODES.wireType);
    expect(error.path).toBe('resourceSpans');
  });

  it.each([
    ['the span name', string(5, '').subarray(0, 1), 'name'],
    ['an attribute key', message(9, bytes(1, [0x6b, 0xc3, 0x28])), 'attributes[0].key'],
    ['an attribute value', message(9, string(1, 'k'), message(2, bytes(1, [0xed, 0xa0, 0x80]))), 'attributes[0].value.stringValue'],
  ])('rejects invalid UTF-8 in %s', (_name, field, path) => {
    const body = path === 'name' ? spanRequest(bytes(5, [0xff, 0xfe])) : spanRequest(field);
    const error = traceError(body);
    expect(error.code).toBe(CODES.invalidUtf8);
    expect(error.path).toBe(`${SPAN_PATH}.${path}`);
  });

  it('keeps invalid UTF-8 in a bytes value, which is not text', () => {
    const decoded = decodeTraceRequest(spanRequest(message(9, string(1, 'raw'), message(2, bytes(7, [0xff, 0xfe])))), 'protobuf');
    expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.attributes.raw).toEqual(new Uint8Array([0xff, 0xfe]));
  });

  it('returns bytes values that stay intact when the caller reuses the body Buffer', () => {
    const body = Buffer.from(spanRequest(message(9, string(1, 'raw'), message(2, bytes(7, [1, 2, 3])))));
    const decoded = decodeTraceRequest(body, 'protobuf');
    body.fill(0);
    expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.attributes.raw).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('rejects an attribute value larger than maxStringBytes (default 1 MiB)', () => {
    const giant = 'x'.repeat(1024 * 1024 + 1);
    const error = traceError(spanRequest(stringAttribute(9, 'giant', giant)));
    expect(error.code).toBe(CODES.tooLarge);
    expect(error.path).toBe(`${SPAN_PATH}.attributes[0].value.stringValue`);
    expect(decodeTraceRequest(spanRequest(stringAttribute(9, 'fits', giant.slice(1))), 'protobuf').rejected).toBe(0);
  });

  it('rejects more attributes on one span than maxAttributes', () => {
    const attributes = Array.from({ length: 4 }, (_, i) => stringAttribute(9, `k${i}`, 'v'));
    const error = traceError(spanRequest(...attributes), resolveLimits({ maxAttributes: 3 }));
    expect(error.code).toBe(CODES.tooLarge);
    expect(error.path).toBe(`${SPAN_PATH}.attributes[3]`);
  });

  it('rejects AnyValue arrays nested deeper than maxAnyValueDepth, without recursing further', () => {
    // An AnyValue holding an ArrayValue whose one element holds the next level.
    const nested = (levels: number) => {
      let anyValue = string(1, 'leaf');
      for (let level = 0; level < levels; level++) anyValue = message(5, message(1, anyValue));
      return spanRequest(message(9, string(1, 'deep'), message(2, anyValue)));
    };
    const limits = resolveLimits({ maxAnyValueDepth: 32 });
    expect(decodeTraceRequest(nested(32), 'protobuf', limits).resourceSpans[0]?.scopeSpans[0]?.spans).toHaveLength(1);
    const error = traceError(nested(33), limits);
    expect(error.code).toBe(CODES.tooDeep);
    expect(error.path.startsWith(`${SPAN_PATH}.attributes[0].value.arrayValue.values[0].arrayValue`)).toBe(true);
  });

  it('rejects field number 0, group wire types and over-long varints as malformed', () => {
    expect(traceError(new Uint8Array([0x00, 0x01])).code).toBe(CODES.malformed);
    expect(traceError(spanRequest(new Uint8Array([0x9b, 0x01]))).code).toBe(CODES.malformed); // field 19, wire type 3
    const overlong = spanRequest(new Uint8Array([0x50, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]));
    const error = traceError(overlong);
    expect(error.code).toBe(CODES.malformed);
    expect(error.path).toBe(`${SPAN_PATH}.droppedAttributesCount`);
  });

  it('skips unknown fields of every wire type and keeps the known ones', () => {
    const unknown = [varint(100, 1), fixed64(101, 2n), string(102, 'future'), fixed32(103, 3)];
    const decoded = decodeTraceRequest(
      message(1, ...unknown, message(2, ...unknown, message(2, hex(1, TRACE_ID), ...unknown, hex(2, SPAN_ID), string(5, 'kept')))),
      'protobuf',
    );
    expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0]).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, name: 'kept' });
  });

  it('names log and metric fields in the malformed paths too', () => {
    const logError = decodeError(() => decodeLogsRequest(message(1, message(2, message(2, varint(3, 1)))), 'protobuf'));
    expect(logError.code).toBe(CODES.wireType);
    expect(logError.path).toBe('resourceLogs[0].scopeLogs[0].logRecords[0].severityText');
    const metricBody = message(1, message(2, message(2, string(1, 'm'), message(9, message(1, string(4, 'many'))))));
    const metricError = decodeError(() => decodeMetricsRequest(metricBody, 'protobuf'));
    expect(metricError.code).toBe(CODES.wireType);
    expect(metricError.path).toBe('resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].count');
  });
});
