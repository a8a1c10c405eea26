import { describe, expect, it } from 'vitest';
import { laterCursor, mergeNewestFirst, newerFirst } from '../ui/src/components/log-order.js';

const line = (cursor: number, timeMs: number) => ({ cursor: String(cursor), timeUnixNano: `${timeMs}000000` });
const cursors = (logs: readonly { cursor: string }[]) => logs.map((log) => Number(log.cursor));

describe('log lines in the live tail', () => {
  it('puts a line that arrives late below the newer lines already shown, not on top', () => {
    // The walkthrough's case: payments' batch (16:20:15.798) arrives after orders-api's line at 16:20:16.577.
    const shown = [line(2, 1_000_016_577), line(1, 1_000_015_500)];
    const merged = mergeNewestFirst(shown, [line(3, 1_000_015_798)], 500);
    expect(cursors(merged)).toEqual([2, 3, 1]);
  });

  it('keeps every merged batch in time order, newest first, whatever order the batches come in', () => {
    let shown: readonly ReturnType<typeof line>[] = [];
    const batches = [
      [line(1, 5_000), line(2, 5_200)],
      [line(3, 4_900), line(4, 5_600)],
      [line(5, 5_100)],
      [line(6, 5_700), line(7, 4_000)],
    ];
    for (const batch of batches) shown = mergeNewestFirst(shown, batch, 500);
    const times = shown.map((log) => Number(log.timeUnixNano));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(cursors(shown)).toEqual([6, 4, 2, 5, 1, 3, 7]);
  });

  it('orders lines of the same time as the API does: the later stored first, and stably across merges', () => {
    const shown = mergeNewestFirst([], [line(10, 7_000), line(12, 7_000)], 500);
    expect(cursors(shown)).toEqual([12, 10]);
    expect(cursors(mergeNewestFirst(shown, [line(11, 7_000)], 500))).toEqual([12, 11, 10]);
    expect(newerFirst(line(1, 7_000), line(1, 7_000))).toBe(0);
  });

  it('compares nanosecond times of different lengths as numbers', () => {
    const early = { cursor: '1', timeUnixNano: '999999999999999999' };
    const late = { cursor: '2', timeUnixNano: '1000000000000000000' };
    expect(cursors(mergeNewestFirst([early], [late], 500))).toEqual([2, 1]);
  });

  it('keeps the newest `limit` lines and leaves out lines already shown', () => {
    const shown = mergeNewestFirst([], [line(1, 1_000), line(2, 2_000), line(3, 3_000)], 3);
    expect(cursors(mergeNewestFirst(shown, [line(4, 4_000)], 3))).toEqual([4, 3, 2]);
    // Older than everything in a full list: it does not get in.
    expect(cursors(mergeNewestFirst(shown, [line(5, 500)], 3))).toEqual([3, 2, 1]);
    // A repeat (the tail restarting from a cursor) changes nothing, and returns the same list.
    expect(mergeNewestFirst(shown, [line(2, 2_000)], 3)).toBe(shown);
  });

  it('resumes a tail from the newest cursor seen, whatever order the lines came in', () => {
    let seen: string | undefined;
    for (const cursor of ['7', '12', '9', '100', '99']) seen = laterCursor(seen, cursor);
    expect(seen).toBe('100');
    // Cursors are decimal strings: "100" is after "99", not before it as text.
    expect(laterCursor('99', '100')).toBe('100');
    expect(laterCursor('100', '99')).toBe('100');
    expect(laterCursor('0', '5')).toBe('5');
  });
});
