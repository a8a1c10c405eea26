import { SpanKind as SPAN_KIND, StatusCode as STATUS_CODE } from '@sightline/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserver } from '../../src/index.js';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.js';

describe('the in-test OTLP receiver, fed by the real OpenTelemetry exporter', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('decodes every attribute type, events, status, parentage and timestamps', async () => {
    const observer = createObserver({
      serviceName: 'decoder-test',
      registerGlobal: false,
      resourceAttributes: { 'service.namespace': 'sightline' },
      log: { level: 'silent' },
      trace: { endpoint: receiver.tracesUrl },
    });
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    try {
      observer.span('outer', () => {
        observer.span('inner', (span) => {
          span.setAttributes({
            'app.string': 'café ☕',
            'app.bool': true,
            'app.int': 42,
            'app.negative': -7,
            'app.double': 1.5,
            'app.list': ['a', 'b'],
          });
          span.addEvent('checkpoint', { 'app.step': 2 });
          throw new TypeError('boom');
        });
      });
    } catch {
      // The span records the error and rethrows it; the test only needs the span.
    }
    await observer.shutdown();

    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'outer'));
    const outer = spans.find((s) => s.name === 'outer')!;
    const inner = spans.find((s) => s.name === 'inner')!;
    expect(outer.resource).toMatchObject({ 'service.name': 'decoder-test', 'service.namespace': 'sightline' });
    expect(inner.scope.name).toBe('@sightline/sdk');
    expect(inner.kind).toBe(SPAN_KIND.INTERNAL);
    expect(inner.traceId).toBe(outer.traceId);
    expect(inner.parentSpanId).toBe(outer.spanId);
    expect(outer.parentSpanId).toBeUndefined();
    expect(inner.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inner.startTimeUnixNano).toBeGreaterThanOrEqual(startedNs - 1_000_000_000n);
    expect(inner.endTimeUnixNano).toBeGreaterThanOrEqual(inner.startTimeUnixNano);
    expect(inner.attributes).toMatchObject({
      'app.string': 'café ☕',
      'app.bool': true,
      'app.int': 42,
      'app.negative': -7,
      'app.double': 1.5,
      'app.list': ['a', 'b'],
      'error.type': 'TypeError',
    });
    expect(inner.status).toEqual({ code: STATUS_CODE.ERROR, message: 'boom' });
    expect(inner.events.map((event) => event.name)).toEqual(['checkpoint', 'exception']);
    expect(inner.events[0]?.attributes).toEqual({ 'app.step': 2 });
    expect(inner.events[1]?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'boom' });
  });

  it('answers 400 naming the field for a truncated body, and stores nothing from it', async () => {
    const before = receiver.spans.length;
    // resource_spans (field 1, length-delimited) claiming 10 bytes, followed by only 2.
    const response = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0x0a, 0x01, 0x02]),
    });
    expect(response.status).toBe(400);
    // The decoder names the field by its OTLP/JSON path: the first resource_spans runs past the end.
    expect(await response.text()).toContain('resourceSpans[0]: length 10 at byte 2 runs past the end');
    expect(receiver.spans.length).toBe(before);
  });

  it('refuses a body that is not protobuf with 415', async () => {
    const response = await fetch(receiver.tracesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(415);
  });
});
