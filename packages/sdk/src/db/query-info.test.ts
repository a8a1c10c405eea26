import { describe, expect, it } from 'vitest';
import { describeQuery, QueryInfoCache } from './query-info.js';

describe('describeQuery', () => {
  it('names the span after operation and collection when both are known', () => {
    expect(describeQuery("SELECT * FROM users WHERE name = 'ada'")).toEqual({
      text: 'SELECT * FROM users WHERE name = ?',
      operation: 'SELECT',
      collection: 'users',
      spanName: 'SELECT users',
    });
  });

  it('falls back to the operation, then to the database system', () => {
    expect(describeQuery('COMMIT').spanName).toBe('COMMIT');
    expect(describeQuery('  ').spanName).toBe('postgresql');
  });
});

describe('QueryInfoCache', () => {
  it('describes a text once and then returns the same object', () => {
    const cache = new QueryInfoCache();
    const first = cache.get('SELECT 1');
    expect(cache.get('SELECT 1')).toBe(first);
  });

  it('evicts the oldest text once it holds its capacity', () => {
    const cache = new QueryInfoCache(2);
    const a = cache.get('SELECT a FROM t');
    cache.get('SELECT b FROM t');
    cache.get('SELECT c FROM t');
    expect(cache.size).toBe(2);
    expect(cache.get('SELECT a FROM t')).not.toBe(a);
  });

  it('does not pin very long texts in memory', () => {
    const cache = new QueryInfoCache();
    cache.get(`SELECT ${'x, '.repeat(3000)}y FROM t`);
    expect(cache.size).toBe(0);
  });
});
