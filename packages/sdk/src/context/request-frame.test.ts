import { context, createContextKey, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureContextManager } from './context-manager.js';
import { RequestFrame } from './request-frame.js';

const REQUEST = createContextKey('request-frame-test.request');
const OTHER = createContextKey('request-frame-test.other');
const serverSpan = trace.wrapSpanContext({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
});
const callerSpan = trace.wrapSpanContext({
  ...INVALID_SPAN_CONTEXT,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: '00f067aa0ba902b7',
});
const request = { id: 'req-1' };

let release: () => void;
beforeAll(() => {
  release = ensureContextManager();
});
afterAll(() => release());

describe('RequestFrame', () => {
  const parent = trace.setSpan(ROOT_CONTEXT, callerSpan).setValue(OTHER, 'from the parent');

  it("answers the API's span key with the request's span, and its own key with the request", () => {
    const frame = new RequestFrame(parent, serverSpan, REQUEST, request);
    expect(trace.getSpan(frame)).toBe(serverSpan);
    expect(frame.getValue(REQUEST)).toBe(request);
    expect(frame.getValue(OTHER)).toBe('from the parent');
  });

  it("leaves the parent's span when given none (tracing off)", () => {
    expect(trace.getSpan(new RequestFrame(parent, undefined, REQUEST, request))).toBe(callerSpan);
  });

  it('derives contexts that keep everything it holds, and leaves itself unchanged', () => {
    const frame = new RequestFrame(parent, serverSpan, REQUEST, request);
    const child = trace.wrapSpanContext({ ...serverSpan.spanContext(), spanId: '1111111111111111' });
    const derived = trace.setSpan(frame, child);
    expect(trace.getSpan(derived)).toBe(child);
    expect(derived.getValue(REQUEST)).toBe(request);
    expect(derived.getValue(OTHER)).toBe('from the parent');
    expect(trace.getSpan(frame)).toBe(serverSpan);

    const without = frame.deleteValue(OTHER);
    expect(without.getValue(OTHER)).toBeUndefined();
    expect(trace.getSpan(without)).toBe(serverSpan);
    expect(frame.getValue(OTHER)).toBe('from the parent');
  });

  it('is the active context inside context.with(), where startActiveSpan-style nesting works', () => {
    const frame = new RequestFrame(parent, serverSpan, REQUEST, request);
    context.with(frame, () => {
      expect(trace.getActiveSpan()).toBe(serverSpan);
      const child = trace.wrapSpanContext({ ...serverSpan.spanContext(), spanId: '2222222222222222' });
      context.with(trace.setSpan(context.active(), child), () => {
        expect(trace.getActiveSpan()).toBe(child);
        expect(context.active().getValue(REQUEST)).toBe(request);
      });
      expect(trace.getActiveSpan()).toBe(serverSpan);
    });
  });
});
