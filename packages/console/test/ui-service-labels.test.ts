import { describe, expect, it } from 'vitest';
import { healthReason } from '../ui/src/components/health-reason.js';
import { routeLabel } from '../ui/src/components/route-label.js';

describe('routes in the services view', () => {
  it('names requests no route matched (a 404, its span named by the method alone) as such, not as a route "GET"', () => {
    expect(routeLabel('GET')).toEqual({ text: 'GET (no route)', unmatched: true });
    expect(routeLabel('HTTP')).toEqual({ text: 'HTTP (no route)', unmatched: true });
    expect(routeLabel('')).toEqual({ text: '(no route)', unmatched: true });
  });

  it('shows a route template, or a span name with more than the method, as it is', () => {
    expect(routeLabel('/orders/:id')).toEqual({ text: '/orders/:id', unmatched: false });
    expect(routeLabel('GET /orders')).toEqual({ text: 'GET /orders', unmatched: false });
    expect(routeLabel('process order')).toEqual({ text: 'process order', unmatched: false });
  });
});

describe("a service's health reason in words", () => {
  const health = (status: 'pass' | 'warn' | 'fail' | 'unknown', checks: { name: string; status: string; message: string | null }[]) => ({
    status,
    checkedAt: '2026-12-02T10:00:00.000Z',
    url: 'http://127.0.0.1:3001/healthz',
    checks,
  });

  it('says nothing for a passing service or one that is not scraped', () => {
    expect(healthReason(undefined)).toBeUndefined();
    expect(healthReason(health('pass', [{ name: 'db', status: 'pass', message: null }]))).toBeUndefined();
  });

  it("lists the checks that did not pass, the poll's own by its message alone", () => {
    const reason = healthReason(
      health('fail', [
        { name: 'db', status: 'fail', message: 'connection refused' },
        { name: 'cache', status: 'pass', message: null },
        { name: 'queue', status: 'warn', message: null },
      ]),
    );
    expect(reason?.text).toBe('db: connection refused · queue: warn');
    expect(healthReason(health('fail', [{ name: 'healthz', status: 'fail', message: 'connect ECONNREFUSED 127.0.0.1:3001' }]))?.text).toBe(
      'connect ECONNREFUSED 127.0.0.1:3001',
    );
    expect(
      healthReason(health('unknown', [{ name: 'healthz', status: 'unknown', message: 'HTTP 404 (no health report here)' }]))?.text,
    ).toBe('HTTP 404 (no health report here)');
  });

  it('cuts a long reason to a line, keeping all of it for the title', () => {
    const message = 'x'.repeat(200);
    const reason = healthReason(health('warn', [{ name: 'disk', status: 'warn', message }]))!;
    expect(reason.text.length).toBeLessThanOrEqual(90);
    expect(reason.text.endsWith('…')).toBe(true);
    expect(reason.full).toBe(`disk: ${message}`);
  });
});
