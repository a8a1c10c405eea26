import { formatBytes, formatDate, formatTime } from '../format.js';

/**
 * Tick labels of the charts: times the way the rest of the UI writes them (24 h, ISO-like dates),
 * and byte units in the binary units the header uses (MiB, not "M By").
 */

const DAY_SECONDS = 86_400;

/**
 * The x axis's labels for ticks (Unix seconds) `incrementSeconds` apart: HH:MM:SS between ticks
 * under a minute apart, HH:MM up to a day, the date alone past it. When the ticks span more than
 * one day, the first tick of each day carries its date on a second line.
 */
export function timeTickLabels(ticks: readonly number[], incrementSeconds: number): string[] {
  const times = ticks.map((tick) => tick * 1000);
  const days = times.map(formatDate);
  if (incrementSeconds >= DAY_SECONDS) return days;
  const seconds = incrementSeconds < 60;
  const spansDays = new Set(days).size > 1;
  return times.map((ms, index) => {
    const text = formatTime(ms, seconds);
    if (!spansDays) return text;
    return index === 0 || days[index - 1] !== days[index] ? `${text}\n${days[index]}` : text;
  });
}

/** Whether a unit is bytes (UCUM `By`, as OTLP and chartUnits write it), per second or not. */
export function isByteUnit(unit: string | undefined): boolean {
  return unit === 'By' || unit === 'By/s';
}

/** A byte value as the header writes sizes (binary units), signed; `/s` kept for a rate. */
export function formatByteTick(value: number, unit: string): string {
  const text = `${value < 0 ? '−' : ''}${formatBytes(Math.abs(value))}`;
  return unit.endsWith('/s') ? `${text}/s` : text;
}

/** Tick steps for a byte axis: powers of two of each binary unit, so ticks land on 1, 2, 4… KiB/MiB/GiB. */
export const BYTE_INCREMENTS: readonly number[] = [0, 1, 2, 3, 4].flatMap((power) =>
  [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((step) => step * 1024 ** power),
);
