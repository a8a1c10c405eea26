import { z } from 'zod';

/** The store's ErrorOccurrenceCursor, written out: the UI's types read this file, and must not reach the store. */
export interface OccurrenceCursor {
  timeUnixNano: bigint;
  key: string;
}

/**
 * An error occurrence's cursor, `<time in Unix ns>-<key>`: what `GET /api/errors/{fingerprint}`
 * pages by (`before`, `nextCursor`). Time alone would not do: occurrences of one nanosecond are
 * common, and the store orders those by key.
 */
export function occurrenceCursorOf(occurrence: OccurrenceCursor): string {
  return `${occurrence.timeUnixNano}-${occurrence.key}`;
}

const CURSOR_MESSAGE = 'an occurrence cursor from a previous answer (nextCursor)';

/** `before`: a cursor that {@link occurrenceCursorOf} made, read back. */
export const occurrenceCursorParam = z
  .string({ error: CURSOR_MESSAGE })
  .regex(/^\d{1,20}-[0-9a-f]{32}$/, CURSOR_MESSAGE)
  .transform((text): OccurrenceCursor => {
    const dash = text.indexOf('-');
    return { timeUnixNano: BigInt(text.slice(0, dash)), key: text.slice(dash + 1) };
  });
