/**
 * The occurrences an error group's page shows: its first page, which live updates refresh, and
 * the older pages "Older occurrences" asked for, in the API's order (newest first; those of one
 * nanosecond by their key, as the store pages them), each occurrence once.
 */
import { compareDecimal } from './log-order.js';

interface PagedOccurrence {
  /** `<time in Unix ns>-<key>`, as `/api/errors/{fingerprint}` gives it. */
  readonly cursor: string;
}

function partsOf(cursor: string): [time: string, key: string] {
  const dash = cursor.indexOf('-');
  return [cursor.slice(0, dash), cursor.slice(dash + 1)];
}

/** Negative when `a` is shown above `b`: the later time first, then the greater key. */
export function newerOccurrenceFirst(a: PagedOccurrence, b: PagedOccurrence): number {
  const [timeA, keyA] = partsOf(a.cursor);
  const [timeB, keyB] = partsOf(b.cursor);
  return compareDecimal(timeB, timeA) || (keyB < keyA ? -1 : keyB > keyA ? 1 : 0);
}

/**
 * The lists merged in the API's order, each occurrence (by key) once: the first list's copy wins,
 * so give the freshest first (an occurrence recorded again with an earlier time has a new cursor).
 */
export function mergeOccurrences<T extends PagedOccurrence>(...lists: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const list of lists) {
    for (const occurrence of list) {
      const [, key] = partsOf(occurrence.cursor);
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(occurrence);
    }
  }
  return merged.sort(newerOccurrenceFirst);
}
