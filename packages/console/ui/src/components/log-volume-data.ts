import type { LogVolume } from '../api/types.js';

/** A volume answer as bars: every bucket of the window (zero where no line was), counted cumulatively by severity. */
export interface VolumeBars {
  readonly times: number[];
  /** Every line. */
  readonly all: number[];
  /** Warnings and worse (the bars drawn over `all`: the stack's top two layers). */
  readonly warnAndUp: number[];
  /** Errors and fatal ones. */
  readonly errorAndUp: number[];
}

/**
 * Fills the buckets the API left out (none of its lines fell there) from the window's first bucket
 * to its end, so a quiet minute is a gap in the bars, not a missing slot. Drawn in order over one
 * another, the three series read as a stack: errors at the bottom, then warnings, then the rest.
 */
export function volumeBars(volume: LogVolume): VolumeBars {
  const { bucketMs } = volume;
  const first = Math.floor(volume.sinceMs / bucketMs) * bucketMs;
  const times: number[] = [];
  for (let time = first; time < volume.untilMs; time += bucketMs) times.push(time);
  const all = times.map(() => 0);
  const warnAndUp = times.map(() => 0);
  const errorAndUp = times.map(() => 0);
  for (const bucket of volume.buckets) {
    const index = Math.round((bucket.timeMs - first) / bucketMs);
    if (index < 0 || index >= times.length) continue;
    const errors = bucket.error + bucket.fatal;
    errorAndUp[index] = errors;
    warnAndUp[index] = errors + bucket.warn;
    all[index] = errors + bucket.warn + bucket.info + bucket.debug + bucket.trace + bucket.unspecified;
  }
  return { times, all, warnAndUp, errorAndUp };
}
