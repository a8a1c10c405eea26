import { describe, expect, it } from 'vitest';
import { counted, plural } from '../ui/src/format.js';

describe('counts with their nouns', () => {
  it('says "1 service" and "1 error", and the plural for every other count', () => {
    expect(counted(1, 'service')).toBe('1 service');
    expect(counted(1, 'error')).toBe('1 error');
    expect(counted(0, 'error')).toBe('0 errors');
    expect(counted(2, 'span')).toBe('2 spans');
    expect(counted(12_345, 'span')).toBe('12,345 spans');
  });

  it('takes an irregular plural', () => {
    expect(plural(3, 'series', 'series')).toBe('series');
    expect(counted(1, 'match', 'matches')).toBe('1 match');
    expect(counted(4, 'match', 'matches')).toBe('4 matches');
  });
});
