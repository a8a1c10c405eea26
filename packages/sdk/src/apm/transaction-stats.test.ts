import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OVERFLOW_VALUE } from '../metrics/index.js';
import { MAX_RELATIVE_ERROR } from './latency-buckets.js';
import { TransactionStats } from './transaction-stats.js';

function stats(overrides: Partial<ConstructorParameters<typeof TransactionStats>[0]> = {}) {
  return new TransactionStats({ apdexThresholdMs: 100, maxRoutes: 50, ...overrides });
}

describe('TransactionStats: Apdex and errors', () => {
  it('counts satisfied (≤ T), tolerating (≤ 4T) and frustrated (> 4T or 5xx) requests', () => {
    const tracker = stats();
    const now = 1_000;
    // T = 100: 3 satisfied (one exactly at T), 2 tolerating (one exactly at 4T), 2 frustrated by time, 1 by a 500.
    for (const ms of [5, 50, 100]) tracker.record('GET', '/items', 200, ms, now);
    for (const ms of [101, 400]) tracker.record('GET', '/items', 200, ms, now);
    for (const ms of [401, 9000]) tracker.record('GET', '/items', 200, ms, now);
    tracker.record('GET', '/items', 503, 3, now);
    tracker.record('GET', '/items', 404, 3, now); // a 4xx is the client's error: satisfied

    const [summary] = tracker.summary('all', now);
    expect(summary).toMatchObject({
      method: 'GET',
      route: '/items',
      window: 'all',
      count: 9,
      errors: 1,
      satisfied: 4,
      tolerating: 2,
      frustrated: 3,
      thresholdMs: 100,
    });
    expect(summary?.errorRate).toBeCloseTo(1 / 9, 12);
    expect(summary?.apdex).toBeCloseTo((4 + 2 / 2) / 9, 12);
    // Sorted: 3 3 5 50 100 101 400 401 9000; the nearest-rank median is the 5th, 100 ms (within the bucket error).
    expect(Math.abs((summary?.p50Ms as number) - 100) / 100).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    expect(summary?.p99Ms).toBe(9000);
  });

  it('takes T per route: `METHOD /route` over `/route` over the global one', () => {
    const tracker = stats({ routes: { '/search': { apdexThresholdMs: 1000 }, 'POST /search': { apdexThresholdMs: 2000 } } });
    tracker.record('GET', '/search', 200, 900, 0);
    tracker.record('POST', '/search', 200, 1900, 0);
    tracker.record('GET', '/other', 200, 300, 0);
    const byKey = new Map(tracker.summary('all', 0).map((s) => [`${s.method} ${s.route}`, s]));
    expect(byKey.get('GET /search')).toMatchObject({ thresholdMs: 1000, apdex: 1 });
    expect(byKey.get('POST /search')).toMatchObject({ thresholdMs: 2000, apdex: 1 });
    expect(byKey.get('GET /other')).toMatchObject({ thresholdMs: 100, apdex: 0.5 });
  });

  it('reports an empty window with nulls, not zeros', () => {
    const tracker = stats();
    tracker.record('GET', '/items', 200, 10, 0);
    expect(tracker.summary('1m', 10 * 60_000)[0]).toMatchObject({
      count: 0,
      errors: 0,
      errorRate: null,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
      apdex: null,
    });
  });

  it('sorts the summary by route, then method', () => {
    const tracker = stats();
    for (const [method, route] of [
      ['POST', '/b'],
      ['GET', '/b'],
      ['GET', '/a'],
    ] as const) {
      tracker.record(method, route, 200, 1, 0);
    }
    expect(tracker.summary('all', 0).map((s) => `${s.method} ${s.route}`)).toEqual(['GET /a', 'GET /b', 'POST /b']);
  });
});

describe('TransactionStats: route cap', () => {
  it('folds (method, route) pairs past maxRoutes into one __overflow__ entry and says so once', () => {
    const onRouteOverflow = vi.fn();
    const tracker = stats({ maxRoutes: 3, onRouteOverflow });
    for (let i = 0; i < 10; i++) tracker.record('GET', `/r${i}`, 200, 1, 0);
    tracker.record('POST', '/r0', 200, 1, 0); // a new method on a known route is a new pair too
    tracker.record('GET', '/r1', 200, 1, 0); // known pairs keep their own record

    const summary = tracker.summary('all', 0);
    expect(summary.map((s) => `${s.method} ${s.route}`)).toEqual(['GET /r0', 'GET /r1', 'GET /r2', `${OVERFLOW_VALUE} ${OVERFLOW_VALUE}`]);
    expect(summary[3]?.count).toBe(8);
    expect(summary[1]?.count).toBe(2);
    expect(onRouteOverflow).toHaveBeenCalledTimes(1);
    expect(onRouteOverflow).toHaveBeenCalledWith(3);
  });
});

describe('TransactionStats: sliding windows (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance', 'Date', 'setTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps 1m and 5m windows that forget old requests as time passes, and all since start', () => {
    const tracker = stats(); // default clock: performance.now(), faked here
    const record = (ms: number, status = 200) => tracker.record('GET', '/items', status, ms);
    const count = (window: '1m' | '5m' | 'all') => tracker.summary(window)[0]?.count;

    vi.advanceTimersByTime(5_000);
    record(10);
    record(20, 500);
    expect([count('1m'), count('5m'), count('all')]).toEqual([2, 2, 2]);

    vi.advanceTimersByTime(30_000); // t = 35 s
    record(30);
    expect([count('1m'), count('5m'), count('all')]).toEqual([3, 3, 3]);

    vi.advanceTimersByTime(30_000); // t = 65 s: the 1m window (6 × 10 s slots) no longer holds t = 5 s
    expect([count('1m'), count('5m'), count('all')]).toEqual([1, 3, 3]);
    expect(tracker.summary('1m')[0]).toMatchObject({ errors: 0, p50Ms: 30, apdex: 1 });
    expect(tracker.summary('5m')[0]).toMatchObject({ errors: 1 });

    vi.advanceTimersByTime(60_000); // t = 125 s
    expect(count('1m')).toBe(0);
    record(40);
    expect([count('1m'), count('5m'), count('all')]).toEqual([1, 4, 4]);

    vi.advanceTimersByTime(4 * 60_000); // t = 365 s: the 5m window (5 × 60 s) has let go of minutes 0 and 1
    expect([count('1m'), count('5m'), count('all')]).toEqual([0, 1, 4]);
    vi.advanceTimersByTime(60 * 60_000); // an hour of silence clears every slot
    expect([count('1m'), count('5m'), count('all')]).toEqual([0, 0, 4]);
    record(50);
    expect(tracker.summary('5m')[0]).toMatchObject({ count: 1, p50Ms: 50, p99Ms: 50 });
  });

  it('never holds more than the window: a slot is cleared before it is reused', () => {
    const tracker = stats();
    for (let second = 0; second < 600; second++) {
      tracker.record('GET', '/tick', 200, 1);
      vi.advanceTimersByTime(1000);
    }
    // 1m: the current 10 s slot plus 5 before it, 50–60 s; 5m: 4–5 min.
    const [oneMinute] = tracker.summary('1m');
    const [fiveMinutes] = tracker.summary('5m');
    expect(oneMinute?.count).toBeGreaterThanOrEqual(50);
    expect(oneMinute?.count).toBeLessThanOrEqual(60);
    expect(fiveMinutes?.count).toBeGreaterThanOrEqual(240);
    expect(fiveMinutes?.count).toBeLessThanOrEqual(300);
    expect(tracker.summary('all')[0]?.count).toBe(600);
  });
});
