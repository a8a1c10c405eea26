import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextWithRequest, createRequestContext, ensureContextManager } from '../context/index.js';
import { BreadcrumbRing, breadcrumbsOf, recordBreadcrumb } from './breadcrumbs.js';

const keep = (fields: Record<string, unknown>) => fields;

describe('BreadcrumbRing', () => {
  it('keeps the last lines, oldest first, overwriting the oldest once full', () => {
    const ring = new BreadcrumbRing(3);
    for (let i = 1; i <= 5; i++) ring.push(30, `line ${i}`, undefined, i);
    expect(ring.snapshot(keep)).toEqual([
      { level: 'info', message: 'line 3', timestamp: 3 },
      { level: 'info', message: 'line 4', timestamp: 4 },
      { level: 'info', message: 'line 5', timestamp: 5 },
    ]);
  });

  it('keeps a few small fields of a line, cut short, censored, without objects or errors', () => {
    const ring = new BreadcrumbRing(5);
    ring.push(
      40,
      'charge retried',
      { attempt: 2, ok: false, card: 'visa', password: 'hunter2', nested: { a: 1 }, note: 'x'.repeat(300) },
      7,
    );
    ring.push(50, undefined, new Error('declined'), 8);
    const censor = (fields: Record<string, unknown>) => ('password' in fields ? { ...fields, password: '[REDACTED]' } : fields);

    const [retried, failed] = ring.snapshot(censor);
    expect(retried).toEqual({
      level: 'warn',
      message: 'charge retried',
      timestamp: 7,
      data: { attempt: 2, ok: false, card: 'visa', password: '[REDACTED]', note: `${'x'.repeat(200)}…` },
    });
    expect(failed).toEqual({ level: 'error', message: 'declined', timestamp: 8 });
  });
});

describe('recordBreadcrumb', () => {
  let release: () => void;
  beforeAll(() => {
    release = ensureContextManager();
  });
  afterAll(() => release());

  it('records on the request in context and does nothing outside a request', () => {
    const request = createRequestContext(
      'req-1',
      trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }),
    );
    recordBreadcrumb(['outside'], 30, 5);
    context.with(contextWithRequest(ROOT_CONTEXT, request), () => {
      recordBreadcrumb(['plain message'], 30, 5);
      recordBreadcrumb([{ order_id: 7 }, 'with fields'], 40, 5);
      recordBreadcrumb([{ only: 'fields' }], 20, 5);
    });
    expect(
      breadcrumbsOf(request)
        ?.snapshot(keep)
        .map(({ level, message, data }) => ({ level, message, data })),
    ).toEqual([
      { level: 'info', message: 'plain message', data: undefined },
      { level: 'warn', message: 'with fields', data: { order_id: 7 } },
      { level: 'debug', message: '', data: { only: 'fields' } },
    ]);
  });
});
