import type { SilenceEntry } from '../api/types.js';
import { formatDate, formatTime } from '../format.js';
import { spanText } from './slo-coverage.js';

/** `name="value"`, `name!~"re"`: a matcher as Alertmanager and amtool write it. */
export function matcherText(matcher: SilenceEntry['matchers'][number]): string {
  const operator = matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
  return `${matcher.name}${operator}${JSON.stringify(matcher.value)}`;
}

/** "in 3 h 59 min": how long until a time, to the minute within a day, else in whole units. */
export function untilText(ms: number, nowMs = Date.now()): string {
  const seconds = Math.max(0, (ms - nowMs) / 1000);
  const minutes = Math.floor(seconds / 60) % 60;
  if (seconds < 3_600 || seconds >= 86_400 || minutes === 0) return `in ${spanText(seconds)}`;
  return `in ${Math.floor(seconds / 3_600)} h ${minutes} min`;
}

/** "16:15" today, "2026-12-07 16:15" beyond. */
export function endText(ms: number, nowMs = Date.now()): string {
  return formatDate(ms) === formatDate(nowMs) ? formatTime(ms) : `${formatDate(ms)} ${formatTime(ms)}`;
}
