import { describe, expect, it } from 'vitest';
import {
  BYTE_INCREMENTS,
  COUNT_INCREMENTS,
  formatByteTick,
  isByteUnit,
  numberTickLabels,
  timeTickLabels,
  timeTickSpace,
} from '../ui/src/components/axis-format.js';
import { formatBytes, formatDateTime, formatTime } from '../ui/src/format.js';

const at = (iso: string) => new Date(iso).getTime() / 1000;

/** `count` ticks `increment` seconds apart from `iso`, stepped as uPlot steps them: in float seconds rounded to 3 decimals. */
function ticks(iso: string, increment: number, count: number): number[] {
  const result = [at(iso)];
  while (result.length < count) result.push(Math.round((result.at(-1)! + increment) * 1000) / 1000);
  return result;
}

/** uPlot's time tick steps (seconds), from 1 ms to 100 years. */
const UPLOT_TIME_INCREMENTS = [
  ...[0.001, 0.01, 0.1].flatMap((power) => [1, 2, 5].map((multiple) => Math.round(power * multiple * 1000) / 1000)),
  ...[1, 5, 10, 15, 30].flatMap((multiple) => [multiple, multiple * 60]),
  ...[1, 2, 3, 4, 6, 8, 12].map((hours) => hours * 3600),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 30, 60, 90, 120, 180, 365].map((days) => days * 86_400),
];

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

  it('writes milliseconds on ticks under a second apart, so 200 ms ticks no longer all read 12:04:05', () => {
    expect(timeTickLabels(ticks('2026-12-03T12:04:05.000', 0.2, 6), 0.2)).toEqual([
      '12:04:05.000',
      '12:04:05.200',
      '12:04:05.400',
      '12:04:05.600',
      '12:04:05.800',
      '12:04:06.000',
    ]);
    expect(timeTickLabels(ticks('2026-12-03T12:04:05.998', 0.001, 3), 0.001)).toEqual(['12:04:05.998', '12:04:05.999', '12:04:06.000']);
  });

  it('labels 1 s, 10 s, 1 min, 1 h and 1 day ticks as before: HH:MM:SS, HH:MM, then dates', () => {
    expect(timeTickLabels(ticks('2026-12-03T12:04:59', 1, 3), 1)).toEqual(['12:04:59', '12:05:00', '12:05:01']);
    expect(timeTickLabels(ticks('2026-12-03T12:04:50', 10, 3), 10)).toEqual(['12:04:50', '12:05:00', '12:05:10']);
    expect(timeTickLabels(ticks('2026-12-03T12:04:00', 60, 3), 60)).toEqual(['12:04', '12:05', '12:06']);
    expect(timeTickLabels(ticks('2026-12-03T12:00:00', 3600, 3), 3600)).toEqual(['12:00', '13:00', '14:00']);
    expect(timeTickLabels([at('2026-12-03T00:00:00'), at('2026-12-04T00:00:00'), at('2026-12-05T00:00:00')], 86_400)).toEqual([
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
  });

  it('puts the date on the first tick of each day at sub-second spacing too', () => {
    expect(timeTickLabels(ticks('2026-12-03T23:59:59.500', 0.5, 3), 0.5)).toEqual([
      '23:59:59.500\n2026-12-03',
      '00:00:00.000\n2026-12-04',
      '00:00:00.500',
    ]);
  });

  it('never gives two neighbouring ticks the same label, at any of uPlot’s tick steps', () => {
    for (const increment of UPLOT_TIME_INCREMENTS) {
      for (const start of ['2026-12-03T00:00:00', '2026-12-03T23:59:58']) {
        const labels = timeTickLabels(ticks(start, increment, 24), increment);
        for (let index = 1; index < labels.length; index++) {
          expect(labels[index], `${increment} s ticks from ${start}`).not.toBe(labels[index - 1]);
        }
      }
    }
  });

  it('gives the UTC offset to the two ticks an hour apart that read the same when daylight saving time ends', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      // 03:00 CEST on 2026-10-25 turns back to 02:00 CET: hourly ticks pass 02:00 twice.
      expect(timeTickLabels(ticks('2026-10-24T22:00:00Z', 3600, 5), 3600)).toEqual([
        '00:00',
        '01:00',
        '02:00+02:00',
        '02:00+01:00',
        '03:00',
      ]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('spaces ticks wider when they would come under a second apart, for the milliseconds in their labels', () => {
    // On 1,000 px at 72 px a tick, 7 s get 1 s ticks (500 ms would be 71 px apart), 6.9 s get 500 ms ticks.
    expect(timeTickSpace(60, 1000)).toBe(72);
    expect(timeTickSpace(7, 1000)).toBe(72);
    expect(timeTickSpace(6.9, 1000)).toBe(100);
    expect(timeTickSpace(3, 1000)).toBe(100);
    expect(timeTickSpace(0.05, 1000)).toBe(100);
  });

  it('writes a time of day to the minute, second or millisecond', () => {
    const ms = new Date('2026-12-03T16:15:07.25').getTime();
    expect(formatTime(ms)).toBe('16:15');
    expect(formatTime(ms, 'second')).toBe('16:15:07');
    expect(formatTime(ms, 'millisecond')).toBe('16:15:07.250');
    expect(formatDateTime(ms)).toBe('2026-12-03 16:15:07.250');
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

describe('value axis labels', () => {
  it('writes whole steps as whole numbers: a count axis reads 0, 2, 4, not 0.00, 2.00, 4.00', () => {
    expect(numberTickLabels([0, 2, 4], 2)).toEqual(['0', '2', '4']);
    expect(numberTickLabels([0, 50, 100, 150], 50)).toEqual(['0', '50', '100', '150']);
  });

  it('gives fractional steps the decimals that tell neighbours apart, float noise and all', () => {
    expect(numberTickLabels([4.6, 4.8, 5.0, 5.2], 0.2)).toEqual(['4.6', '4.8', '5.0', '5.2']);
    expect(numberTickLabels([0, 0.25, 0.5, 0.75], 0.25)).toEqual(['0', '0.25', '0.50', '0.75']);
    expect(numberTickLabels([0.1 + 0.2, 0.4], 0.1)).toEqual(['0.3', '0.4']);
    expect(numberTickLabels([-0.00000000001, 0.001], 0.001)).toEqual(['0', '0.001']);
  });

  it('writes large values in k, M and G with one suffix per axis, decimals from the step, and zero as 0', () => {
    expect(numberTickLabels([0, 5_000, 10_000, 15_000], 5_000)).toEqual(['0', '5k', '10k', '15k']);
    expect(numberTickLabels([10_000, 12_500, 15_000], 2_500)).toEqual(['10.0k', '12.5k', '15.0k']);
    expect(numberTickLabels([0, 2e6, 4e6], 2e6)).toEqual(['0', '2M', '4M']);
    expect(numberTickLabels([1e9, 1.5e9], 5e8)).toEqual(['1.0G', '1.5G']);
    // Below 10,000 plainly: 2,500 is not 2.5k.
    expect(numberTickLabels([0, 2_500, 5_000], 2_500)).toEqual(['0', '2500', '5000']);
  });

  it('steps a count axis by whole numbers only', () => {
    expect(COUNT_INCREMENTS.every((step) => Number.isInteger(step) && step >= 1)).toBe(true);
    expect(COUNT_INCREMENTS.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
  });
});
