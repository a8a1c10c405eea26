/**
 * Time parameters of the query API: `since`/`until` accept an RFC 3339 time
 * (`2026-12-02T10:00:00Z`), epoch milliseconds (`1764669600000`) or a duration back from now
 * (`15m`, `1h`, `7d`), the forms Jaeger's and Loki's APIs taught users.
 */

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
