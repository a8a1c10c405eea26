import { describe, expect, it } from 'vitest';
import { BYTE_INCREMENTS, formatByteTick, isByteUnit, timeTickLabels } from '../ui/src/components/axis-format.js';
import { formatBytes } from '../ui/src/format.js';

const at = (iso: string) => new Date(iso).getTime() / 1000;

describe('chart axis labels', () => {
  it('writes times in 24 h, with seconds only when ticks are under a minute apart', () => {
    expect(timeTickLabels([at('2026-12-03T16:15:00'), at('2026-12-03T16:16:00')], 60)).toEqual(['16:15', '16:16']);
    expect(timeTickLabels([at('2026-12-03T16:15:00'), at('2026-12-03T16:15:15')], 15)).toEqual(['16:15:00', '16:15:15']);
  });

  it('adds the date only when the ticks span days: on the first tick of each day, or alone past a day apart', () => {
    expect(timeTickLabels([at('2026-12-03T22:00:00'), at('2026-12-03T23:00:00'), at('2026-12-04T00:00:00')], 3600)).toEqual([
      '22:00\n2026-12-03',
      '23:00',
      '00:00\n2026-12-04',
    ]);
    expect(timeTickLabels([at('2026-12-03T00:00:00'), at('2026-12-04T00:00:00')], 86_400)).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('writes a byte axis in the binary units the header uses, with ticks on powers of two', () => {
    expect(isByteUnit('By')).toBe(true);
    expect(isByteUnit('s')).toBe(false);
    expect(formatByteTick(5 * 1024 * 1024, 'By')).toBe(formatBytes(5 * 1024 * 1024));
    expect(formatByteTick(5 * 1024 * 1024, 'By')).toBe('5.0 MiB');
    expect(formatByteTick(2048, 'By/s')).toBe('2.0 KiB/s');
    expect(formatByteTick(-1024, 'By')).toBe('−1.0 KiB');
    expect(BYTE_INCREMENTS).toContain(4 * 1024 * 1024);
  });
});
