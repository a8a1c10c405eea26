import { describe, expect, it } from 'vitest';
import { formatMs, formatTable, formatUnixNano } from './table.js';

describe('formatTable', () => {
  it('aligns columns under upper-case headers and right-aligns the numeric ones', () => {
    const text = formatTable(
      ['name', 'count', 'note'],
      [
        ['a', '5', 'first'],
        ['longer', '120', 'x'],
      ],
      ['count'],
    );
    expect(text).toBe(['NAME    COUNT  NOTE', 'a           5  first', 'longer    120  x', ''].join('\n'));
  });

  it('keeps a multi-line cell on one row', () => {
    expect(formatTable(['body'], [['line one\nline two']])).toBe('BODY\nline one⏎line two\n');
  });
});

describe('formatMs and formatUnixNano', () => {
  it('prints durations with at most three significant figures', () => {
    expect([formatMs(0.4215), formatMs(12.34), formatMs(120.4), formatMs(1250), formatMs(12_500)]).toEqual([
      '0.42 ms',
      '12.3 ms',
      '120 ms',
      '1.25 s',
      '12.5 s',
    ]);
  });

  it('prints a Unix-nanosecond string as an ISO time', () => {
    expect(formatUnixNano('1764633600123456789')).toBe('2025-12-02T00:00:00.123Z');
  });
});
