import { CliError } from '../../errors.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`/`--until` for an export: a duration back from now (`1h`, `7d`) becomes epoch
 * milliseconds here, once, so every table of the export gets the same window however long the
 * downloads take. RFC 3339 and epoch ms are absolute already and go to the console as written
 * (it validates them and names a bad one).
 */
export function absoluteTime(text: string, nowMs: number, option: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new CliError('SL_CLI_USAGE', `${option}: empty; use e.g. 1h, 2026-12-02T10:00:00Z or epoch ms`);
  const match = DURATION.exec(trimmed);
  if (match === null) return trimmed;
  return String(Math.round(nowMs - Number(match[1]) * (UNIT_MS[match[2]!] ?? 0)));
}
