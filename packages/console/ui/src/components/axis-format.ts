import { formatBytes, formatDate, formatTime, formatUtcOffset, type TimePrecision } from '../format.js';

/**
 * Tick labels of the charts: times the way the rest of the UI writes them (24 h, ISO-like dates),
 * and byte units in the binary units the header uses (MiB, not "M By").
 */

const MINUTE_SECONDS = 60;
const DAY_SECONDS = 86_400;
/** uPlot's coarsest sub-second tick step; its next one is a whole second. */
const COARSEST_SUB_SECOND_STEP = 0.5;
/** Pixels between time ticks: room for "HH:MM:SS", and for "HH:MM:SS.mmm" (~7 px a character, plus a gap). */
const SECOND_TICK_SPACE = 72;
const MILLISECOND_TICK_SPACE = 100;

/**
 * The x axis's labels for ticks (Unix seconds) `incrementSeconds` apart: HH:MM:SS.mmm between ticks
 * under a second apart (Grafana's format at that scale), HH:MM:SS under a minute, HH:MM up to a day,
 * the date alone past it. When the ticks span more than one day, the first tick of each day carries
 * its date on a second line. No two neighbours read the same: where a clock set back for the end of
 * daylight saving time repeats an hour, both ticks say their UTC offset.
 */
export function timeTickLabels(ticks: readonly number[], incrementSeconds: number): string[] {
  // uPlot steps sub-second ticks in float seconds (…05.2 × 1000 can be …05199.9999): whole ms are meant.
  const times = ticks.map((tick) => Math.round(tick * 1000));
  const days = times.map(formatDate);
  if (incrementSeconds >= DAY_SECONDS) return days;
  const precision = tickPrecision(incrementSeconds);
  const clocks = times.map((ms) => formatTime(ms, precision));
  const spansDays = new Set(days).size > 1;
  return times.map((ms, index) => {
    const clock = clocks[index]!;
    const repeated = clock === clocks[index - 1] || clock === clocks[index + 1];
    const text = repeated ? `${clock}${formatUtcOffset(ms)}` : clock;
    if (!spansDays) return text;
    return index === 0 || days[index - 1] !== days[index] ? `${text}\n${days[index]}` : text;
  });
}

/** The finest unit that tells two ticks `incrementSeconds` apart. */
function tickPrecision(incrementSeconds: number): TimePrecision {
  if (incrementSeconds < 1) return 'millisecond';
  return incrementSeconds < MINUTE_SECONDS ? 'second' : 'minute';
}

/**
 * The least pixels between x ticks (uPlot's axis `space`) for a chart showing `rangeSeconds` across
 * `widthPixels`: wider when uPlot would step the ticks under a second apart, whose labels carry
 * milliseconds, so that those do not run into each other either.
 */
export function timeTickSpace(rangeSeconds: number, widthPixels: number): number {
  const subSecondTicks = (COARSEST_SUB_SECOND_STEP * widthPixels) / rangeSeconds >= SECOND_TICK_SPACE;
  return subSecondTicks ? MILLISECOND_TICK_SPACE : SECOND_TICK_SPACE;
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

/** Tick steps for an axis of counts (occurrences per bucket): whole numbers only, never a half occurrence. */
export const COUNT_INCREMENTS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((power) =>
  [1, 2, 5].map((step) => step * 10 ** power),
);

/** Digits after the point that write `step` exactly (uPlot steps by 1, 2, 2.5 and 5 times a power of ten). */
function decimalsOf(step: number): number {
  for (let decimals = 0; decimals < 10; decimals++) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return decimals;
  }
  return 10;
}

/**
 * A value axis's labels for ticks `increment` apart: as many decimals as the step has, so that
 * neighbours differ and whole steps read whole ("2", not "2.00"; "0.25", "0.50"), large values
 * in k, M and G (scaled by the largest tick, so one axis uses one suffix).
 */
export function numberTickLabels(ticks: readonly number[], increment: number): string[] {
  const largest = ticks.reduce((max, tick) => Math.max(max, Math.abs(tick)), 0);
  const [divisor, suffix] = largest >= 1e9 ? [1e9, 'G'] : largest >= 1e6 ? [1e6, 'M'] : largest >= 1e4 ? [1e3, 'k'] : [1, ''];
  const decimals = decimalsOf(increment / divisor);
  return ticks.map((tick) => {
    const text = (tick / divisor).toFixed(decimals);
    // Zero is 0 on every axis (float noise around it included: no "-0.000", no "0k").
    return /^-?0(\.0*)?$/.test(text) ? '0' : `${text}${suffix}`;
  });
}

/** One value in its unit, as the chart's legend and exemplar tooltips write it: three significant digits or so. */
export function valueWithUnit(value: number, unit: string | undefined): string {
  if (unit !== undefined && isByteUnit(unit)) return formatByteTick(value, unit);
  return `${compact(value)}${unit ? ` ${unit}` : ''}`;
}

function compact(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  if (magnitude >= 100 || magnitude === 0) return value.toFixed(0);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}
