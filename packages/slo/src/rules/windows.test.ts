import { describe, expect, it } from 'vitest';
import { alertWindows } from './windows.js';

describe('alertWindows', () => {
  it('gives the SRE workbook windows and burn rates for 30 days', () => {
    const windows = alertWindows(30 * 86_400);
    expect(windows.page).toEqual([
      { short: '5m', long: '1h', burnRate: 14.4 },
      { short: '30m', long: '6h', burnRate: 6 },
    ]);
    expect(windows.ticket).toEqual([
      { short: '2h', long: '1d', burnRate: 3 },
      { short: '6h', long: '3d', burnRate: 1 },
    ]);
    expect(windows.recorded).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    expect(windows.period).toBe('30d');
  });

  it('scales the windows with the SLO window and keeps the burn rates', () => {
    const windows = alertWindows(7 * 86_400);
    expect(windows.page[0]).toEqual({ short: '1m10s', long: '14m', burnRate: 14.4 });
    expect(windows.ticket[1]).toEqual({ short: '1h24m', long: '16h48m', burnRate: 1 });
    expect(windows.recorded.at(-1)).toBe('7d');
  });
});
