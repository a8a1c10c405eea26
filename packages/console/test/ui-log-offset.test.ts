import { describe, expect, it } from 'vitest';
import { logOffsetText } from '../ui/src/components/log-offset.js';

describe('logOffsetText', () => {
  const startMs = 1_764_633_600_123.48; // a span start, to the microsecond
  it('writes a line stamped in whole milliseconds to the millisecond, not with digits it does not have', () => {
    expect(logOffsetText('1764633600127000000', startMs)).toBe('+4 ms');
    expect(logOffsetText('1764633600123000000', startMs)).toBe('+0 ms');
    expect(logOffsetText('1764633602123000000', startMs)).toBe('+2.00 s');
  });

  it('keeps the precision of a line stamped in finer time', () => {
    expect(logOffsetText('1764633600127004000', startMs)).toBe('+3.52 ms');
  });
});
