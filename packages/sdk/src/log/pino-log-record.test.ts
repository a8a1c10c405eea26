import { describe, expect, it } from 'vitest';
import { millisToHrTime, pinoLineToLogRecord } from './pino-log-record.js';

const OBSERVED = [1_764_633_601, 5] as const;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ level: 30, time: 1_764_633_600_123, pid: 7, hostname: 'box', ...fields });

describe('pinoLineToLogRecord', () => {
  it('takes body, severity, time and span from pino’s fields and keeps every other field as an attribute', () => {
    const record = pinoLineToLogRecord(
      line({
        level: 40,
        msg: 'payment slow',
        trace_id: TRACE_ID,
        span_id: SPAN_ID,
        order_id: 42,
        ok: false,
        nested: { a: [1] },
        gone: null,
      }),
      OBSERVED,
    );
    expect(record).toEqual({
      hrTime: [1_764_633_600, 123_000_000],
      hrTimeObserved: OBSERVED,
      severityNumber: 13,
      severityText: 'WARN',
      body: 'payment slow',
      attributes: { order_id: 42, ok: false, nested: '{"a":[1]}', gone: null },
      droppedAttributesCount: 0,
      spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 },
    });
  });

  it('maps every pino level to the first severity number of its OTLP range', () => {
    const severities = [10, 20, 30, 40, 50, 60].map((level) => {
      const record = pinoLineToLogRecord(line({ level }), OBSERVED);
      return [record?.severityNumber, record?.severityText];
    });
    expect(severities).toEqual([
      [1, 'TRACE'],
      [5, 'DEBUG'],
      [9, 'INFO'],
      [13, 'WARN'],
      [17, 'ERROR'],
      [21, 'FATAL'],
    ]);
    expect(pinoLineToLogRecord(line({ level: 35 }), OBSERVED)?.severityNumber).toBeUndefined();
  });

  it('uses the observed time and an empty body when the line has no time or message', () => {
    const record = pinoLineToLogRecord(JSON.stringify({ level: 30 }), OBSERVED);
    expect(record?.hrTime).toBe(OBSERVED);
    expect(record?.body).toBe('');
  });

  it('attaches no span when an id is missing, of the wrong length, not hex or all zero', () => {
    for (const ids of [
      { trace_id: TRACE_ID },
      { trace_id: TRACE_ID.slice(2), span_id: SPAN_ID },
      { trace_id: TRACE_ID, span_id: 'not-hex-not-hex!' },
      { trace_id: '0'.repeat(32), span_id: SPAN_ID },
    ]) {
      expect(pinoLineToLogRecord(line(ids), OBSERVED)?.spanContext).toBeUndefined();
    }
  });

  it('keeps the first 128 attributes and counts the rest as dropped, as OpenTelemetry’s default limit does', () => {
    const fields = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`field_${i}`, i]));
    const record = pinoLineToLogRecord(line(fields), OBSERVED);
    expect(Object.keys(record?.attributes ?? {})).toHaveLength(128);
    expect(record?.attributes.field_127).toBe(127);
    expect(record?.droppedAttributesCount).toBe(2);
  });

  it('returns nothing for a line that is not a JSON object', () => {
    expect(pinoLineToLogRecord('not json', OBSERVED)).toBeUndefined();
    expect(pinoLineToLogRecord('[1,2]', OBSERVED)).toBeUndefined();
    expect(pinoLineToLogRecord('null', OBSERVED)).toBeUndefined();
  });
});

describe('millisToHrTime', () => {
  it('splits epoch milliseconds into seconds and nanoseconds', () => {
    expect(millisToHrTime(1_764_633_600_123)).toEqual([1_764_633_600, 123_000_000]);
    expect(millisToHrTime(0)).toEqual([0, 0]);
  });
});
