import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintError, fingerprintFromStack } from '../fingerprint/index.js';
import { createTestObserver } from '../testing/index.js';
import { INTERNAL_ERROR_MESSAGE } from './exception-attributes.js';
import { millisToHrTime, pinoLineToLogRecord as toRecord } from './pino-log-record.js';

const OBSERVED = [1_764_633_601, 5] as const;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

/** The error tracker's root (the working directory), as the OTLP log export passes it. */
const ROOT = process.cwd();
const pinoLineToLogRecord = (text: string, observed: typeof OBSERVED) => toRecord(text, observed, ROOT);

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

describe('pinoLineToLogRecord with an error', () => {
  // Real lines, written by the SDK's logger and its error tracker.
  const { observer, raw } = createTestObserver({ serviceName: 'log-record' });
  afterAll(() => observer.shutdown());
  const lastLine = () => raw.at(-1) as string;
  const recordOf = (write: () => void) => {
    write();
    return pinoLineToLogRecord(lastLine(), OBSERVED);
  };

  it('writes an error under err as exception.type, exception.message and exception.stacktrace, and keeps err as written', () => {
    const error = new TypeError('card declined');
    const record = recordOf(() => observer.logger.error({ err: error, order_id: 42 }, 'payment failed'));
    const written = JSON.parse(lastLine()) as { err: unknown };
    expect(record?.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'card declined',
      'exception.stacktrace': error.stack,
      order_id: 42,
      err: JSON.stringify(written.err),
    });
    expect(record?.body).toBe('payment failed');
  });

  it('gives a logged error the fingerprint the error tracker gives its capture', () => {
    const error = new RangeError('amount out of range');
    const record = recordOf(() => observer.logger.error(error));
    const eventId = observer.errors.capture(error);
    const captured = JSON.parse(lastLine()) as { fingerprint: string; event_id: string };
    expect(captured.event_id).toBe(eventId);
    expect(record?.attributes['sightline.error.fingerprint']).toBe(captured.fingerprint);
    expect(captured.fingerprint).toBe(fingerprintError(error, error.message, ROOT).id);
  });

  it('fingerprints by the name the tracker reads: an inherited name, a name field, a prototype name, and the error code', () => {
    class LedgerError extends Error {}
    class QuotaError extends Error {
      override name = 'QuotaError';
    }
    class SchemaError extends Error {}
    SchemaError.prototype.name = 'SchemaError';
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use :::4318'), { code: 'EADDRINUSE' });
    const noMessage = new LedgerError();
    for (const [error, name] of [
      [new LedgerError('ledger closed'), 'Error'],
      [new QuotaError('quota: exceeded'), 'QuotaError'],
      [new SchemaError('bad schema'), 'SchemaError'],
      [inUse, 'Error'],
      [noMessage, 'Error'],
    ] as const) {
      const record = recordOf(() => observer.logger.error({ err: error }, 'failed'));
      expect(record?.attributes['exception.type']).toBe(name);
      expect(record?.attributes['sightline.error.fingerprint']).toBe(fingerprintError(error, error.message, ROOT).id);
    }
    // The code is part of the fingerprint: without it the same stack is another group.
    const withoutCode = fingerprintFromStack('Error', inUse.stack, { root: ROOT, message: inUse.message }).id;
    expect(withoutCode).not.toBe(fingerprintError(inUse, inUse.message, ROOT).id);
  });

  it('reads the name from the head of the stack as V8 writes it, falling back to the type pino wrote', () => {
    const at = '\n    at placeOrder (/srv/app/orders.js:10:5)';
    for (const [err, name] of [
      [{ type: 'LedgerError', message: '', stack: `Error${at}` }, 'Error'],
      [{ type: 'LedgerError', message: 'two\nlines', stack: `Error: two\nlines${at}` }, 'Error'],
      [{ type: 'HttpError', name: 'NotFound', message: 'no order', stack: `HttpError: no order${at}` }, 'NotFound'],
      [{ type: 'Error', message: 'gone', stack: `rewritten by a library${at}` }, 'Error'],
      [{ type: 'SyntaxError', message: 'x', stack: '' }, 'SyntaxError'],
      [{ message: 'no type', stack: `TypeError: no type${at}` }, 'TypeError'],
    ] as const) {
      const record = pinoLineToLogRecord(line({ level: 50, err }), OBSERVED);
      expect(record?.attributes['exception.type']).toBe(name);
    }
  });

  it('reads the error under error when err holds none', () => {
    const error = new Error('under the error key');
    const record = recordOf(() => observer.logger.warn({ err: 'not an error', error }, 'warned'));
    expect(record?.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'under the error key',
      'exception.stacktrace': error.stack,
      err: 'not an error',
    });
  });

  it('writes an error without a stack as type and message, fingerprinted by its message', () => {
    const record = pinoLineToLogRecord(line({ level: 50, err: { type: 'TimeoutError', message: 'timed out after 30 s' } }), OBSERVED);
    expect(record?.attributes).toEqual({
      'exception.type': 'TimeoutError',
      'exception.message': 'timed out after 30 s',
      'sightline.error.fingerprint': fingerprintFromStack('TimeoutError', undefined, { root: ROOT, message: 'timed out after 30 s' }).id,
      err: '{"type":"TimeoutError","message":"timed out after 30 s"}',
    });
  });

  it('adds no exception attributes to a line without an error, or whose err is no error', () => {
    const plain = recordOf(() => observer.logger.info({ order_id: 1 }, 'order placed'));
    expect(Object.keys(plain?.attributes ?? {}).filter((key) => key.includes('.'))).toEqual([]);
    for (const err of ['connection reset', 42, null, [new Error('in an array')], { status: 503 }]) {
      const record = recordOf(() => observer.logger.error({ err }, 'odd err'));
      expect(Object.keys(record?.attributes ?? {}).filter((key) => key.includes('.'))).toEqual([]);
      expect(record?.attributes).toHaveProperty('err');
    }
  });

  it("adds none to the SDK's line for its own failure (an export refused while the collector restarts): not the app's error", () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { name: 'OtlpExportError' });
    const record = recordOf(() => observer.logger.error({ err: failure, component: 'trace' }, INTERNAL_ERROR_MESSAGE));
    expect(Object.keys(record?.attributes ?? {}).filter((key) => key.startsWith('exception.') || key.startsWith('sightline.'))).toEqual([]);
    // The line is still exported, with its error as written.
    expect(record?.attributes).toMatchObject({ component: 'trace', err: expect.stringContaining(failure.message) });
  });

  it('keeps the fingerprint and type the error tracker printed on its line, also for a thrown value that is no error', () => {
    const error = new Error('payments could not listen');
    observer.errors.capture(error);
    const capturedError = JSON.parse(lastLine()) as { fingerprint: string; error_type: string };
    expect(pinoLineToLogRecord(lastLine(), OBSERVED)?.attributes).toMatchObject({
      'exception.type': capturedError.error_type,
      'exception.message': 'payments could not listen',
      'exception.stacktrace': error.stack,
      'sightline.error.fingerprint': capturedError.fingerprint,
      fingerprint: capturedError.fingerprint,
    });

    for (const [thrown, message] of [
      ['rejected with a string', 'rejected with a string'],
      [{ reason: 'declined' }, '{"reason":"declined"}'],
      [undefined, ''],
    ] as const) {
      observer.errors.capture(thrown);
      const captured = JSON.parse(lastLine()) as { fingerprint: string; error_type: string };
      expect(captured.error_type).toBe('NonError');
      const attributes = pinoLineToLogRecord(lastLine(), OBSERVED)?.attributes;
      expect(attributes).toMatchObject({
        'exception.type': 'NonError',
        'exception.message': message,
        'sightline.error.fingerprint': captured.fingerprint,
      });
      expect(attributes).not.toHaveProperty('exception.stacktrace');
    }
  });

  it('takes no fingerprint from a line that only looks like the tracker’s', () => {
    const error = new Error('app field named fingerprint');
    const record = recordOf(() => observer.logger.error({ err: error, fingerprint: 'browser-1', error_type: 'X' }, 'failed'));
    expect(record?.attributes['sightline.error.fingerprint']).toBe(fingerprintError(error, error.message, ROOT).id);
    expect(record?.attributes.fingerprint).toBe('browser-1');
  });

  it('leaves the exception attributes a line writes itself as they are', () => {
    const record = pinoLineToLogRecord(
      line({ level: 50, err: { type: 'Error', message: 'inner', stack: 'Error: inner' }, 'exception.type': 'OuterError' }),
      OBSERVED,
    );
    expect(record?.attributes['exception.type']).toBe('OuterError');
    expect(record?.attributes).not.toHaveProperty('exception.message');
    expect(record?.attributes).not.toHaveProperty('sightline.error.fingerprint');
  });

  it('keeps the exception attributes when the line fills the attribute limit', () => {
    const fields = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`field_${i}`, i]));
    const record = pinoLineToLogRecord(line({ ...fields, err: { type: 'Error', message: 'x', stack: 'Error: x' } }), OBSERVED);
    expect(Object.keys(record?.attributes ?? {})).toHaveLength(128);
    expect(record?.attributes['exception.stacktrace']).toBe('Error: x');
    expect(record?.droppedAttributesCount).toBe(7);
  });
});

describe('millisToHrTime', () => {
  it('splits epoch milliseconds into seconds and nanoseconds', () => {
    expect(millisToHrTime(1_764_633_600_123)).toEqual([1_764_633_600, 123_000_000]);
    expect(millisToHrTime(0)).toEqual([0, 0]);
  });
});
