/**
 * How much of an SLO window (or an alert window) the console's data covers. The API counts what
 * it holds since `dataSinceMs` (a young console, or its retention): a rate over 2 minutes of data
 * is no 1-hour rate, and the server does not fire a condition whose long window is not covered.
 */

const UNITS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/** A window as the API writes it (`5m`, `1h`, `3d`, `2h30m`) in seconds; NaN when it is not one. */
export function windowSeconds(text: string): number {
  if (!/^(\d+[dhms])+$/.test(text)) return Number.NaN;
  let seconds = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([dhms])/g)) seconds += Number(count) * UNITS[unit!]!;
  return seconds;
}

export interface WindowCoverage {
  readonly windowSeconds: number;
  /** Seconds of the window the data spans (its start up to now), at most the window. */
  readonly dataSeconds: number;
  /** The data starts inside the window: whatever is computed over it is over less than the window. */
  readonly partial: boolean;
}

/** What part of `window` the data since `dataSinceMs` covers at `nowMs` (the server's rule: covered once the data is as old as the window). */
export function windowCoverage(window: string, dataSinceMs: number | null, nowMs: number): WindowCoverage {
  const seconds = windowSeconds(window);
  const held = dataSinceMs === null ? 0 : Math.max(0, Math.floor((nowMs - dataSinceMs) / 1000));
  return { windowSeconds: seconds, dataSeconds: Math.min(held, seconds), partial: held < seconds };
}

/** A length of time in the largest unit it fills, rounded down: "45 s", "2 min", "5 h", "3 d". */
export function spanText(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** "2 min of data in a 1 h window". */
export function coverageText(coverage: WindowCoverage): string {
  return `${spanText(coverage.dataSeconds)} of data in a ${spanText(coverage.windowSeconds)} window`;
}
