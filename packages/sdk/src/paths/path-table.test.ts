import { describe, expect, it } from 'vitest';
import { PathTable } from './path-table.js';

describe('PathTable', () => {
  it.each([
    ['a short table, walked', 3],
    ['a long table, in a Map', 40],
  ])('finds exactly the keys, whole or as a part of a longer string: %s', (_name, extra) => {
    const keys = ['/metrics', '/healthz', '/readyz', ...Array.from({ length: extra }, (_, i) => `/internal/${i}`)];
    const table = new PathTable(keys.map((key, i) => [key, i] as const));
    expect(table.size).toBe(keys.length);
    keys.forEach((key, i) => {
      expect(table.get(key)).toBe(i);
      // The same characters inside a longer string, between start and end.
      expect(table.get(`xx${key}?q=1`, 2, 2 + key.length)).toBe(i);
    });
    // A built string equal to a key (not the same string object) is found too.
    expect(table.get(['', 'metrics'].join('/'))).toBe(0);
    for (const text of ['/metricz', '/metrics/', '/Metrics', '/', '', '/users/42', '/internal/']) expect(table.get(text)).toBeUndefined();
    // A key that only starts the range, or only ends it, is no match.
    expect(table.get('/metrics/x', 0, 10)).toBeUndefined();
    expect(table.get('/metrics', 0, 4)).toBeUndefined();
    expect(table.get('a/metrics', 0, 9)).toBeUndefined();
  });

  it('keeps the last value of a key given twice, as a Map does', () => {
    const table = new PathTable([
      ['/a', 1],
      ['/b', 2],
      ['/a', 3],
    ]);
    expect(table.size).toBe(2);
    expect(table.keys).toEqual(['/a', '/b']);
    expect(table.get('/a')).toBe(3);
  });

  it('holds nothing when given nothing', () => {
    const table = new PathTable<number>([]);
    expect(table.size).toBe(0);
    expect(table.get('/')).toBeUndefined();
    expect(table.get('')).toBeUndefined();
  });
});
