import { describe, expect, it } from 'vitest';
import { mergeOccurrences } from '../ui/src/components/occurrence-pages.js';

const key = (n: number) => n.toString(16).padStart(32, '0');
const occurrence = (timeMs: number, keyNumber: number) => ({ cursor: `${timeMs}000000-${key(keyNumber)}` });
const cursors = (list: readonly { cursor: string }[]) => list.map((entry) => entry.cursor);

describe("an error group page's occurrences", () => {
  it('are the pages joined in the API order: newest first, one nanosecond by key, the greater first', () => {
    const first = [occurrence(1_000, 3), occurrence(1_000, 1), occurrence(900, 7)];
    const older = [occurrence(900, 2), occurrence(10, 9)];
    expect(cursors(mergeOccurrences(first, older))).toEqual(cursors([...first, ...older]));
    // A time with more digits is later, whatever its first digit.
    expect(cursors(mergeOccurrences([occurrence(999, 1)], [occurrence(1_000, 2)]))[0]).toBe(occurrence(1_000, 2).cursor);
  });

  it('show each occurrence once when a refreshed first page overlaps the pages kept, its own copy winning', () => {
    const kept = [occurrence(1_000, 3), occurrence(1_000, 1), occurrence(900, 7), occurrence(900, 2)];
    // New occurrences arrived: the refreshed first page now ends where the kept pages begin; one
    // occurrence was recorded again with an earlier time (a late span event), so its cursor moved.
    const refreshed = [occurrence(2_000, 5), occurrence(1_000, 3), occurrence(950, 1)];
    const merged = mergeOccurrences(refreshed, kept);
    expect(cursors(merged)).toEqual(
      cursors([occurrence(2_000, 5), occurrence(1_000, 3), occurrence(950, 1), occurrence(900, 7), occurrence(900, 2)]),
    );
  });
});
