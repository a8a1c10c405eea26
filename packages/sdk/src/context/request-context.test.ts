import { INVALID_SPAN_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createRequestContext } from './request-context.js';

const validSpan = trace.wrapSpanContext({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
});
// Hex of the right length, all zeros: the W3C invalid ids, as a traceparent can carry them.
const zeroSpan = trace.wrapSpanContext({ ...INVALID_SPAN_CONTEXT, traceFlags: TraceFlags.SAMPLED });
const malformedSpan = trace.wrapSpanContext({ traceId: 'not-hex', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE });

describe('createRequestContext', () => {
  it("puts a valid span's ids on the log fields, whether checked here or vouched for by the caller", () => {
    const expected = { request_id: 'req-1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: 'b7ad6b7169203331' };
    expect(createRequestContext('req-1', validSpan).logFields).toEqual(expected);
    expect(createRequestContext('req-1', validSpan, true).logFields).toEqual(expected);
  });

  it('checks the ids when the caller does not say: all-zero or malformed ids stay off the log fields', () => {
    expect(createRequestContext('req-2', zeroSpan).logFields).toEqual({ request_id: 'req-2' });
    expect(createRequestContext('req-3', malformedSpan).logFields).toEqual({ request_id: 'req-3' });
  });

  it('leaves the ids off without a check when the caller says they are invalid (tracing off, nothing propagated)', () => {
    expect(createRequestContext('req-4', validSpan, false).logFields).toEqual({ request_id: 'req-4' });
  });
});
