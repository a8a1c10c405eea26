import { InvalidArgumentError } from 'commander';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * Parses `30s`, `5m`, `1h`, `2d`, `1w`, `500ms` or plain seconds (`30`) into milliseconds. Throws
 * commander's InvalidArgumentError, so a bad value is a usage error (exit 2) that names the
 * option and the value.
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) throw new InvalidArgumentError(`"${text}" is not a duration; use e.g. 30s, 5m, 1h or plain seconds`);
  const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
  const ms = Math.round(Number(match[1]) * UNIT_MS[unit]);
  if (ms <= 0) throw new InvalidArgumentError(`"${text}" must be longer than zero`);
  return ms;
}

/** A duration option that the endpoint takes in whole seconds: rounds up, at least 1 s. */
export function parseWholeSeconds(text: string): number {
  return Math.max(1, Math.ceil(parseDuration(text) / 1000));
}

/** `90` → `1m30s`, `3600` → `1h`; for messages and countdowns. */
export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 || seconds === 0 ? `${s}s` : ''];
  return parts.join('');
}

/** Parses a positive integer option such as `--top 10`. */
export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(`"${text}" is not a positive whole number`);
  return value;
}
