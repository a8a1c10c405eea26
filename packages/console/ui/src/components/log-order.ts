/**
 * The order the logs page shows lines in: newest first, as `/api/logs` answers (time, then the
 * order they were stored). A live tail delivers lines in the order they were stored, which is not
 * their time order: exporters batch, services' clocks and batches interleave.
 */

interface OrderedLog {
  /** Unix nanoseconds, a decimal string without leading zeros. */
  readonly timeUnixNano: string;
  /** The store's order of arrival, a decimal string: ties in time are broken by it, newest first. */
  readonly cursor: string;
}

/** Orders decimal strings without leading zeros as the numbers they are, without parsing them. */
export function compareDecimal(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The later of two store cursors: where a tail resumes, the newest line seen so far (a stream
 * opened from an older one replays every line since, however long the tail was paused).
 */
export function laterCursor(seen: string | undefined, cursor: string): string {
  return seen === undefined || compareDecimal(cursor, seen) > 0 ? cursor : seen;
}

/** Negative when `a` is shown above `b`: the later time first, then the later stored. */
export function newerFirst(a: OrderedLog, b: OrderedLog): number {
  return compareDecimal(b.timeUnixNano, a.timeUnixNano) || compareDecimal(b.cursor, a.cursor);
}

/**
 * `shown` (already newest first) with `incoming` merged in at their places, lines already shown
 * left out, kept to the newest `limit`. Returns `shown` itself when nothing changed.
 */
export function mergeNewestFirst<T extends OrderedLog>(shown: readonly T[], incoming: readonly T[], limit: number): readonly T[] {
  const known = new Set(shown.map((log) => log.cursor));
  const fresh = incoming.filter((log) => {
    if (known.has(log.cursor)) return false;
    known.add(log.cursor);
    return true;
  });
  if (fresh.length === 0) return shown;
  // Both sorted, then one merge pass: a tail's batch is small beside the list it joins.
  const sortedFresh = [...fresh].sort(newerFirst);
  const merged: T[] = [];
  let left = 0;
  let right = 0;
  while (merged.length < limit && (left < shown.length || right < sortedFresh.length)) {
    const next =
      right >= sortedFresh.length || (left < shown.length && newerFirst(shown[left]!, sortedFresh[right]!) <= 0)
        ? shown[left++]!
        : sortedFresh[right++]!;
    merged.push(next);
  }
  return merged;
}
