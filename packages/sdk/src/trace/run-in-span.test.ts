import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../context/index.js';
import { fingerprintError } from '../fingerprint/index.js';
import { recordSpanError, runInSpan } from './run-in-span.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const tracer = provider.getTracer('run-in-span-test');

let releaseContextManager: () => void;
beforeAll(() => {
  releaseContextManager = ensureContextManager();
});
afterAll(async () => {
  releaseContextManager();
  await provider.shutdown();
});
afterEach(() => {
  exporter.reset();
});

function finished(name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((entry) => entry.name === name);
  if (span === undefined) throw new Error(`span "${name}" has not ended`);
  return span;
}

function exceptionEvent(span: ReadableSpan) {
  return span.events.find((event) => event.name === 'exception');
}

describe('runInSpan', () => {
  it('returns the result of a synchronous function and ends the span', () => {
    const result = runInSpan(tracer, 'compute', () => 42);

    expect(result).toBe(42);
    const span = finished('compute');
    expect(span.ended).toBe(true);
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('passes the span to the function and makes it the active span', () => {
    let passed: Span | undefined;
    let active: Span | undefined;

    runInSpan(tracer, 'outer', (span) => {
      passed = span;
      active = trace.getActiveSpan();
    });

    expect(active).toBe(passed);
    expect(passed?.spanContext().spanId).toBe(finished('outer').spanContext().spanId);
  });

  it('applies the kind and attributes given in options', () => {
    runInSpan(tracer, 'publish', () => undefined, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka' } });

    const span = finished('publish');
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.attributes['messaging.system']).toBe('kafka');
  });

  it('makes a span started inside another a child of it', () => {
    runInSpan(tracer, 'parent', () => {
      runInSpan(tracer, 'child', () => {
        runInSpan(tracer, 'grandchild', () => undefined);
      });
    });

    const parent = finished('parent');
    const child = finished('child');
    const grandchild = finished('grandchild');
    expect(parent.parentSpanContext).toBeUndefined();
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(grandchild.parentSpanContext?.spanId).toBe(child.spanContext().spanId);
    expect(new Set([parent, child, grandchild].map((span) => span.spanContext().traceId)).size).toBe(1);
  });

  it('keeps the parent active across awaits inside an async function', async () => {
    await runInSpan(tracer, 'async-parent', async () => {
      await Promise.resolve();
      await runInSpan(tracer, 'async-child', async () => {
        await new Promise((resolve) => setImmediate(resolve));
      });
    });

    expect(finished('async-child').parentSpanContext?.spanId).toBe(finished('async-parent').spanContext().spanId);
  });

  it('restores the previous active span once the function returns', () => {
    runInSpan(tracer, 'outer', (outer) => {
      runInSpan(tracer, 'inner', () => undefined);
      expect(trace.getActiveSpan()).toBe(outer);
    });

    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('records a synchronous throw as an exception event and an ERROR status, and rethrows it', () => {
    const error = new TypeError('bad input');

    expect(() =>
      runInSpan(tracer, 'throws', () => {
        throw error;
      }),
    ).toThrow(error);

    const span = finished('throws');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(exceptionEvent(span)?.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'bad input',
      'exception.stacktrace': error.stack,
    });
  });

  it('records an async rejection as an exception event and an ERROR status, and rejects with it', async () => {
    const error = new RangeError('timed out');

    await expect(
      runInSpan(tracer, 'rejects', async () => {
        await Promise.resolve();
        throw error;
      }),
    ).rejects.toBe(error);

    const span = finished('rejects');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'timed out' });
    expect(span.attributes['error.type']).toBe('RangeError');
    expect(exceptionEvent(span)?.attributes).toMatchObject({ 'exception.type': 'RangeError', 'exception.message': 'timed out' });
  });

  it('keeps credentials in the message and stack out of the span, and fingerprints the error as thrown', () => {
    const error = new Error('connect postgres://app:hunter2@db:5432/shop failed (password=hunter2)');
    expect(() =>
      runInSpan(tracer, 'connect', () => {
        throw error;
      }),
    ).toThrow(error);
    const span = finished('connect');
    const attributes = exceptionEvent(span)?.attributes ?? {};
    expect(attributes['exception.message']).toBe('connect postgres://[REDACTED]@db:5432/shop failed (password=[REDACTED])');
    expect(String(attributes['exception.stacktrace'])).not.toContain('hunter2');
    expect(span.status.message).not.toContain('hunter2');
    expect(attributes['sightline.error.fingerprint']).toBe(fingerprintError(error, error.message, process.cwd()).id);
  });

  it('names the exception as the error tracker does: class name (not its code) and the tracker’s fingerprint', () => {
    class PaymentDeclinedError extends Error {
      override name = 'PaymentDeclinedError';
      readonly code = 'payment_failed';
    }
    const error = new PaymentDeclinedError('card declined');
    expect(() =>
      runInSpan(tracer, 'charge', () => {
        throw error;
      }),
    ).toThrow(error);
    // OpenTelemetry's span.recordException() would write exception.type 'payment_failed' and no
    // fingerprint: the console would then group this throw apart from the tracker's capture of it.
    const attributes = exceptionEvent(finished('charge'))?.attributes;
    expect(attributes?.['exception.type']).toBe('PaymentDeclinedError');
    expect(attributes?.['sightline.error.fingerprint']).toBe(fingerprintError(error, 'card declined', process.cwd()).id);
    expect(finished('charge').attributes['error.type']).toBe('PaymentDeclinedError');
  });

  it('keeps the fingerprint and type a caller gives (the request pass passes the tracker’s)', () => {
    const span = tracer.startSpan('given');
    recordSpanError(span, new Error('x'), { 'exception.type': 'Given', 'sightline.error.fingerprint': 'abc' });
    span.end();
    expect(exceptionEvent(finished('given'))?.attributes).toMatchObject({
      'exception.type': 'Given',
      'sightline.error.fingerprint': 'abc',
    });
  });

  it('records a thrown non-Error value and rethrows the original value', () => {
    let caught: unknown;
    try {
      runInSpan(tracer, 'throws-string', () => {
        throw 'plain string';
      });
    } catch (value) {
      caught = value;
    }

    expect(caught).toBe('plain string');
    const span = finished('throws-string');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
    // The tracker's name for a thrown value that is no Error.
    expect(span.attributes['error.type']).toBe('NonError');
  });

  it('ends the span only after the returned promise settles', async () => {
    let settle!: (value: string) => void;
    const pending = new Promise<string>((resolve) => {
      settle = resolve;
    });

    const result = runInSpan(tracer, 'slow', () => pending);
    await Promise.resolve();

    expect(exporter.getFinishedSpans()).toHaveLength(0);
    settle('done');
    await expect(result).resolves.toBe('done');
    expect(finished('slow').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends a span whose promise rejects only after the rejection', async () => {
    let fail!: (error: Error) => void;
    const pending = new Promise<never>((_resolve, reject) => {
      fail = reject;
    });

    const result = runInSpan(tracer, 'slow-failure', () => pending);
    await Promise.resolve();

    expect(exporter.getFinishedSpans()).toHaveLength(0);
    fail(new Error('late failure'));
    await expect(result).rejects.toThrow('late failure');
    expect(finished('slow-failure').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('treats a thenable result like a promise', async () => {
    // biome-ignore lint/suspicious/noThenProperty: the point is a non-Promise thenable, as some query builders return
    const thenable = { then: (resolve: (value: number) => void) => resolve(7) };

    const result = runInSpan(tracer, 'thenable', () => thenable);

    await expect(result).resolves.toBe(7);
    expect(finished('thenable').ended).toBe(true);
  });
});

describe('recordSpanError', () => {
  it('marks a span as failed with the exception recorded', () => {
    const span = tracer.startSpan('manual');

    recordSpanError(span, new SyntaxError('unexpected token'));
    span.end();

    const ended = finished('manual');
    expect(ended.status).toEqual({ code: SpanStatusCode.ERROR, message: 'unexpected token' });
    expect(ended.attributes['error.type']).toBe('SyntaxError');
    expect(exceptionEvent(ended)?.attributes?.['exception.message']).toBe('unexpected token');
  });
});
