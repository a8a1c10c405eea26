/**
 * Time parameters of the query API: `since`/`until` accept an RFC 3339 time
 * (`2026-12-02T10:00:00Z`), epoch milliseconds (`1764669600000`) or a duration back from now
 * (`15m`, `1h`, `7d`), the forms Jaeger's and Loki's APIs taught users.
 */
import { z } from 'zod';

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const EPOCH_MS_PATTERN = /^\d{10,16}$/;

/** A duration like `90s` or `7d` in milliseconds; undefined when the text is no duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** A time parameter as epoch milliseconds; undefined when the text is none of the accepted forms. */
export function parseTimeParam(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  const duration = parseDurationMs(trimmed);
  if (duration !== undefined) return nowMs - duration;
  if (EPOCH_MS_PATTERN.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The times a Date holds (ECMA-262: 10^8 days either side of the epoch): past them a window has no ISO text. */
const MAX_TIME_MS = 8.64e15;

const outOfRange = (text: string) => `"${text}" is out of range: a time within 273,000 years of 1970`;

/**
 * A `since`/`until` parameter as written: checked here, turned into epoch ms by
 * {@link resolveTimeWindow} so both ends of a window read the clock once (`since=15m&until=15m`
 * is empty, not a millisecond long).
 */
export const timeParam = z
  .string()
  .superRefine((text, ctx) => {
    const ms = parseTimeParam(text, Date.now());
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a time: use RFC 3339, epoch ms or a duration like 15m` });
    } else if (Math.abs(ms) > MAX_TIME_MS) {
      ctx.addIssue({ code: 'custom', message: outOfRange(text) });
    }
  })
  .meta({ description: 'RFC 3339 time, epoch milliseconds, or a duration back from now (15m, 1h, 7d); until must be after since' });

/** The query with `since`/`until` as epoch ms: present where the text was (or its default). */
export type TimeWindowOf<T> = {
  [K in keyof T]: K extends 'since' | 'until' ? (T[K] extends string ? number : number | undefined) : T[K];
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Resolves `since`/`until` against one reading of the clock and refuses an empty or inverted
 * window, naming both parameters: the store has nothing to answer for it, and an answer of
 * nothing would hide the caller's mistake. Without `until` the window ends now.
 */
export function resolveTimeWindow<T extends { since?: string | undefined; until?: string | undefined }>(
  query: T,
  ctx: z.RefinementCtx,
): TimeWindowOf<T> {
  const nowMs = Date.now();
  // timeParam checked both texts a moment ago; a duration at the very edge of the range may have
  // left it with the clock since, so the times are clamped rather than trusted (no Date past it).
  const at = (text: string) => Math.min(MAX_TIME_MS, Math.max(-MAX_TIME_MS, parseTimeParam(text, nowMs) as number));
  const since = query.since === undefined ? undefined : at(query.since);
  const until = query.until === undefined ? undefined : at(query.until);
  if (since !== undefined && until !== undefined && until <= since) {
    const message = `the window is empty: until (${iso(until)}) must be after since (${iso(since)})`;
    ctx.addIssue({ code: 'custom', message, path: ['since'] });
    ctx.addIssue({ code: 'custom', message, path: ['until'] });
    return z.NEVER;
  }
  if (since !== undefined && until === undefined && since > nowMs) {
    ctx.addIssue({
      code: 'custom',
      message: `the window is empty: since (${iso(since)}) is after now and no until was given`,
      path: ['since'],
    });
    return z.NEVER;
  }
  return { ...query, since, until } as TimeWindowOf<T>;
}
