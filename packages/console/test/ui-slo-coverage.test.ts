import { describe, expect, it } from 'vitest';
import { coverageText, spanText, windowCoverage, windowSeconds } from '../ui/src/components/slo-coverage.js';

const NOW = Date.UTC(2026, 11, 3, 16, 17);
const MINUTE = 60_000;

describe('SLO window coverage', () => {
  it('reads the windows the API writes, compound ones too', () => {
    expect([windowSeconds('5m'), windowSeconds('1h'), windowSeconds('3d'), windowSeconds('2h30m')]).toEqual([300, 3600, 259_200, 9000]);
    expect(windowSeconds('1 h')).toBeNaN();
  });

  it('says a 1 h window holding 2 minutes of data is partial, and over how much', () => {
    const coverage = windowCoverage('1h', NOW - 2 * MINUTE, NOW);
    expect(coverage).toEqual({ windowSeconds: 3600, dataSeconds: 120, partial: true });
    expect(coverageText(coverage)).toBe('2 min of data in a 1 h window');
    expect(coverageText(windowCoverage('30d', NOW - 20 * MINUTE, NOW))).toBe('20 min of data in a 30 d window');
  });

  it('counts a window covered once the data is as old as the window, as the server does before firing', () => {
    expect(windowCoverage('5m', NOW - 5 * MINUTE, NOW)).toEqual({ windowSeconds: 300, dataSeconds: 300, partial: false });
    expect(windowCoverage('5m', NOW - 5 * MINUTE + 1000, NOW).partial).toBe(true);
    expect(windowCoverage('5m', NOW - 3 * 86_400_000, NOW).dataSeconds).toBe(300);
  });

  it('treats no data as covering nothing', () => {
    expect(windowCoverage('1h', null, NOW)).toEqual({ windowSeconds: 3600, dataSeconds: 0, partial: true });
  });

  it('writes a length in the largest unit it fills, rounded down', () => {
    expect([spanText(45), spanText(150), spanText(5 * 3600 + 59 * 60), spanText(3 * 86_400 + 7200)]).toEqual([
      '45 s',
      '2 min',
      '5 h',
      '3 d',
    ]);
  });
});
