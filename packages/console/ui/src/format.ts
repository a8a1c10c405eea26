/** Display formats: durations, times, sizes, rates, and any stored value as plain text. */

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function nanosToMs(nanos: string): number {
  // Milliseconds since the epoch fit a double; the nanosecond string does not.
  return nanos.length > 6 ? Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / 1e6 : Number(nanos) / 1e6;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** How finely a time of day is written. */
export type TimePrecision = 'minute' | 'second' | 'millisecond';

/** A time of day (24 h), to the minute, the second or the millisecond: "16:15", "16:15:07", "16:15:07.250". */
export function formatTime(ms: number, precision: TimePrecision = 'minute'): string {
  const date = new Date(ms);
  const minutes = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (precision === 'minute') return minutes;
  const seconds = `${minutes}:${pad(date.getSeconds())}`;
  return precision === 'second' ? seconds : `${seconds}.${pad(date.getMilliseconds(), 3)}`;
}

/** The local clock's offset from UTC at that instant, as ISO 8601 writes it: "+01:00", "-05:30". */
export function formatUtcOffset(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** A local date: "2026-12-03". */
export function formatDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function formatDateTime(ms: number): string {
  return `${formatDate(ms)} ${formatTime(ms, 'millisecond')}`;
}

export function formatAgo(ms: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1e6) return `${(value / 1e3).toFixed(value < 1e4 ? 1 : 0)}k`;
  return `${(value / 1e6).toFixed(1)}M`;
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 10) return `${perSecond.toFixed(0)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(2)}/s`;
  return `${(perSecond * 60).toFixed(2)}/min`;
}

export function formatPercent(ratio: number): string {
  if (ratio === 0) return '0%';
  if (ratio < 0.001) return '<0.1%';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

/**
 * The noun for `count` of it: `plural(1, 'span')` is "span", `plural(2, 'span')` "spans";
 * irregular plurals are given (`plural(n, 'series', 'series')`).
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** A count with its noun: "1 service", "1,204 spans". */
export function counted(count: number, singular: string, pluralForm?: string): string {
  return `${count.toLocaleString('en-US')} ${plural(count, singular, pluralForm)}`;
}

/** Any stored value (a log body, an attribute) as text: strings as they are, the rest as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Attributes shown inline after a log line's message, at most; the row's expansion shows them all. */
const INLINE_ATTRIBUTES = 12;
const INLINE_VALUE_CHARS = 80;

/** Keys that identify rather than describe (the SDK's request id): shown last, so a narrow row keeps what describes the line. */
const IDENTITY_KEYS = new Set(['request_id']);

/**
 * A log line's attributes as one line of `key=value` pairs in stored order (the access line's
 * method, route, status, duration…), its request id last, leaving out a `service` attribute
 * that only repeats the row's service; values cut at 80 characters. Text, never markup: React
 * escapes it.
 */
export function attributeSummary(attributes: Readonly<Record<string, unknown>>, service: string): string {
  const keys = Object.keys(attributes).filter((key) => !(key === 'service' && valueText(attributes[key]) === service));
  const ordered = [...keys.filter((key) => !IDENTITY_KEYS.has(key)), ...keys.filter((key) => IDENTITY_KEYS.has(key))];
  const pairs = ordered.slice(0, INLINE_ATTRIBUTES).map((key) => {
    const value = valueText(attributes[key]);
    return `${key}=${value.length > INLINE_VALUE_CHARS ? `${value.slice(0, INLINE_VALUE_CHARS)}…` : value}`;
  });
  if (ordered.length > INLINE_ATTRIBUTES) pairs.push('…');
  return pairs.join('  ');
}

const SERVICE_COLORS = ['#4f9cf9', '#f5a524', '#3ecf8e', '#c084fc', '#f472b6', '#22d3ee', '#facc15', '#fb7185', '#a3e635', '#94a3b8'];

/** A stable color per service name. */
export function serviceColor(name: string): string {
  let hash = 0;
  for (let index = 0; index < name.length; index++) hash = (hash * 31 + name.charCodeAt(index)) | 0;
  return SERVICE_COLORS[Math.abs(hash) % SERVICE_COLORS.length]!;
}
