import { describe, expect, it } from 'vitest';
import { labelKey, OVERFLOW_VALUE, overflowLabels, SeriesGuard } from './series-guard.js';

function recordingGuard(limit: number) {
  const overflows: [string, number][] = [];
  const guard = new SeriesGuard('orders_total', limit, (metric, max) => overflows.push([metric, max]));
  return { guard, overflows };
}

describe('SeriesGuard', () => {
  it('admits new label sets up to the limit', () => {
    const { guard, overflows } = recordingGuard(3);

    expect([guard.admit('a'), guard.admit('b'), guard.admit('c')]).toEqual([true, true, true]);
    expect(guard.size).toBe(3);
    expect(overflows).toEqual([]);
  });

  it('refuses new label sets past the limit and tells the listener each time', () => {
    const { guard, overflows } = recordingGuard(2);
    guard.admit('a');
    guard.admit('b');

    expect(guard.admit('c')).toBe(false);
    expect(guard.admit('d')).toBe(false);
    expect(overflows).toEqual([
      ['orders_total', 2],
      ['orders_total', 2],
    ]);
    expect(guard.size).toBe(2);
  });

  it('keeps admitting label sets it already knows after the limit is reached', () => {
    const { guard, overflows } = recordingGuard(2);
    guard.admit('a');
    guard.admit('b');
    guard.admit('c');

    expect(guard.admit('a')).toBe(true);
    expect(guard.admit('b')).toBe(true);
    expect(overflows).toHaveLength(1);
  });

  it('admits new label sets again after reset()', () => {
    const { guard } = recordingGuard(1);
    guard.admit('a');
    expect(guard.admit('b')).toBe(false);

    guard.reset();

    expect(guard.size).toBe(0);
    expect(guard.admit('b')).toBe(true);
  });
});

describe('labelKey', () => {
  it('joins label values in declared order, whatever the object key order', () => {
    expect(labelKey(['method', 'route'], { route: '/a', method: 'GET' })).toBe(
      labelKey(['method', 'route'], { method: 'GET', route: '/a' }),
    );
    expect(labelKey(['method', 'route'], { method: 'GET', route: '/a' })).not.toBe(
      labelKey(['route', 'method'], { method: 'GET', route: '/a' }),
    );
  });

  it('does not confuse values that only differ in where they are split', () => {
    expect(labelKey(['a', 'b'], { a: 'x', b: 'yz' })).not.toBe(labelKey(['a', 'b'], { a: 'xy', b: 'z' }));
  });

  it('treats a missing label like an empty one and numbers like their strings', () => {
    expect(labelKey(['a', 'b'], { a: 'x' })).toBe(labelKey(['a', 'b'], { a: 'x', b: '' }));
    expect(labelKey(['code'], { code: 200 })).toBe(labelKey(['code'], { code: '200' }));
  });
});

describe('overflowLabels', () => {
  it('sets every declared label to __overflow__', () => {
    expect(OVERFLOW_VALUE).toBe('__overflow__');
    expect(overflowLabels(['method', 'route'])).toEqual({ method: '__overflow__', route: '__overflow__' });
  });
});
