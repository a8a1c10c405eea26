import { formatDuration, nanosToMs } from '../format.js';

/**
 * A log line's time after the trace's start, to the precision the line has: the SDK (pino) and
 * most loggers stamp whole milliseconds, so "+3.52 ms" would claim what is not known; such a line
 * reads "+4 ms" (its true time lies in the millisecond it names). A line stamped in finer time
 * keeps formatDuration's precision. A line stamped in the millisecond the trace began reads +0.
 */
export function logOffsetText(timeUnixNano: string, traceStartMs: number): string {
  const offsetMs = nanosToMs(timeUnixNano) - traceStartMs;
  const wholeMillisecond = timeUnixNano.endsWith('000000');
  if (!wholeMillisecond) return `+${formatDuration(Math.max(0, offsetMs))}`;
  const rounded = Math.max(0, Math.round(offsetMs));
  return rounded < 1000 ? `+${rounded} ms` : `+${formatDuration(rounded)}`;
}
