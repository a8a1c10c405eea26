import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest } from './decode.js';
import { fixed64, hex, message, string } from './testing/index.js';

// Invalid items are not malformed payloads: the decoders leave them out, count them and say
// why, so the receiver answers 200 with a partial success and keeps the rest.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const utf8 = new TextEncoder();

const protobufSpan = (traceId: string, spanId: string, name: string, ...more: Uint8Array[]) =>
  message(2, hex(1, traceId), hex(2, spanId), string(5, name), ...more);

describe('spans with invalid ids are rejected, the rest kept', () => {
  it('rejects wrong-length and all-zero ids in protobuf and reports where and why', () => {
    const body = message(
      1,
      message(
        2,
        protobufSpan(TRACE_ID, SPAN_ID, 'valid'),
        protobufSpan(TRACE_ID.slice(0, 16), SPAN_ID, 'short trace id'),
        protobufSpan('0'.repeat(32), SPAN_ID, 'zero trace id'),
        protobufSpan(TRACE_ID, SPAN_ID.slice(0, 8), 'short span id'),
        protobufSpan(TRACE_ID, SPAN_ID, 'bad link', message(13, hex(1, TRACE_ID), hex(2, 'abcd'))),
        protobufSpan(TRACE_ID, SPAN_ID, 'also valid', hex(4, '0'.repeat(16))),
      ),
    );
    const decoded = decodeTraceRequest(body, 'protobuf');
    expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans.map((span) => span.name)).toEqual(['valid', 'also valid']);
    expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans[1]?.parentSpanId).toBeUndefined();
    expect(decoded.rejected).toBe(4);
    expect(decoded.errorMessage).toBe(
      '4 spans rejected: resourceSpans[0].scopeSpans[0].spans[1]: traceId must be 16 bytes, got 8; ' +
        'resourceSpans[0].scopeSpans[0].spans[2]: traceId is all zero; ' +
        'resourceSpans[0].scopeSpans[0].spans[3]: spanId must be 8 bytes, got 4; and 1 more',
    );
  });

  it('rejects wrong-length, missing and non-hex ids in JSON', () => {
    const spans = [
      { traceId: TRACE_ID, spanId: SPAN_ID, name: 'valid' },
      { traceId: TRACE_ID.slice(2), spanId: SPAN_ID, name: 'short' },
      { spanId: SPAN_ID, name: 'missing' },
      { traceId: `${TRACE_ID.slice(2)}zz`, spanId: SPAN_ID, name: 'not hex' },
      { traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: '12', name: 'short parent' },
    ];
    const body = utf8.encode(JSON.stringify({ resourceSpans: [{}, { scopeSpans: [{}, { spans }] }] }));
    const decoded = decodeTraceRequest(body, 'json');
    expect(decoded.resourceSpans[1]?.scopeSpans[1]?.spans.map((span) => span.name)).toEqual(['valid']);
    expect(decoded.rejected).toBe(4);
    expect(decoded.errorMessage).toBe(
      '4 spans rejected: resourceSpans[1].scopeSpans[1].spans[1]: traceId must be 16 bytes, got 15; ' +
        'resourceSpans[1].scopeSpans[1].spans[2]: traceId is missing; ' +
        'resourceSpans[1].scopeSpans[1].spans[3]: traceId is not hex; and 1 more',
    );
  });
});

describe('log records and data points with invalid ids are rejected, the rest kept', () => {
  it('keeps records without ids or with all-zero ids, rejects a wrong-length one', () => {
    const records = [
      { body: { stringValue: 'no ids' } },
      { body: { stringValue: 'zero ids' }, traceId: '0'.repeat(32), spanId: '0'.repeat(16) },
      { body: { stringValue: 'bad' }, traceId: TRACE_ID, spanId: 'abc123' },
    ];
    const body = utf8.encode(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }));
    const decoded = decodeLogsRequest(body, 'json');
    const kept = decoded.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];
    expect(kept.map((record) => [record.body, record.traceId, record.spanId])).toEqual([
      ['no ids', undefined, undefined],
      ['zero ids', undefined, undefined],
    ]);
    expect(decoded.rejected).toBe(1);
    expect(decoded.errorMessage).toBe('1 log record rejected: resourceLogs[0].scopeLogs[0].logRecords[2]: spanId must be 8 bytes, got 3');
  });

  it('rejects a protobuf log record whose trace id has the wrong length', () => {
    const body = message(1, message(2, message(2, hex(9, 'abcdef'), string(3, 'info')), message(2, string(3, 'kept'))));
    const decoded = decodeLogsRequest(body, 'protobuf');
    expect(decoded.resourceLogs[0]?.scopeLogs[0]?.logRecords.map((record) => record.severityText)).toEqual(['kept']);
    expect(decoded.errorMessage).toBe('1 log record rejected: resourceLogs[0].scopeLogs[0].logRecords[0]: traceId must be 16 bytes, got 3');
  });

  it('rejects data points with a bad exemplar id, mismatched buckets or a count past 2^53', () => {
    const point = (more: object) => ({ timeUnixNano: '1', ...more });
    const metrics = [
      { name: 'g', gauge: { dataPoints: [point({ asInt: '1' }), point({ asInt: '2', exemplars: [{ spanId: 'abcd', asDouble: 1 }] })] } },
      {
        name: 'h',
        histogram: {
          dataPoints: [
            point({ count: 3, bucketCounts: [1, 2], explicitBounds: [1, 2] }),
            point({ count: '9007199254740993', bucketCounts: [] }),
            point({ count: 3, bucketCounts: [1, 2], explicitBounds: [1] }),
          ],
        },
      },
    ];
    const body = utf8.encode(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics }] }] }));
    const decoded = decodeMetricsRequest(body, 'json');
    const [gauge, histogram] = decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics ?? [];
    expect(gauge?.dataPoints).toHaveLength(1);
    expect(histogram?.dataPoints).toHaveLength(1);
    expect(decoded.rejected).toBe(3);
    expect(decoded.errorMessage).toBe(
      '3 data points rejected: resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[1]: exemplars[0].spanId must be 8 bytes, got 2; ' +
        'resourceMetrics[0].scopeMetrics[0].metrics[1].histogram.dataPoints[0]: bucketCounts has 2 entries for 2 explicitBounds; it needs one more than the bounds; ' +
        'resourceMetrics[0].scopeMetrics[0].metrics[1].histogram.dataPoints[1]: count is above 2^53',
    );
  });

  it('rejects a protobuf data point whose exemplar trace id has the wrong length', () => {
    const exemplar = message(5, hex(5, 'abcd'));
    const body = message(
      1,
      message(2, message(2, string(1, 'g'), message(5, message(1, fixed64(3, 1n), exemplar), message(1, fixed64(3, 2n))))),
    );
    const decoded = decodeMetricsRequest(body, 'protobuf');
    const [gauge] = decoded.resourceMetrics[0]?.scopeMetrics[0]?.metrics ?? [];
    expect(gauge?.dataPoints.map((point) => point.timeUnixNano)).toEqual([2n]);
    expect(decoded.errorMessage).toBe(
      '1 data point rejected: resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]: exemplars[0].traceId must be 16 bytes, got 2',
    );
  });
});
