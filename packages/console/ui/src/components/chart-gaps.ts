/**
 * Where a chart's lines break. Grafana draws a null as a gap (its default: "connect null values:
 * never") and joins a series across times at which only other series have points (its join leaves
 * those undefined, as uPlot's does). uPlot draws the same with `spanGaps: false`: it breaks a line
 * at null and steps over undefined.
 *
 * A missed scrape or export leaves no null, only a longer interval between two points: Grafana
 * gets Prometheus data aligned to the query's step, with nothing at a missed step, and breaks the
 * line there. A series here is drawn from its stored points, so an interval longer than
 * GAP_FACTOR times its usual one (the median) is made a gap the same way.
 */

/** A line's value at each time: a number, null (a gap), or undefined (no point of this line there). */
export type LineValue = number | null | undefined;

/**
 * How much longer than a series' median interval one of its intervals must be to be a gap. One
 * missed scrape doubles the interval; jitter (a scrape started late under load) stays well under 1.5x.
 */
export const GAP_FACTOR = 1.5;

export interface GappedLines {
  /** The times, with one added between two points where a gap has no time of its own to sit at. */
  readonly times: number[];
  readonly lines: LineValue[][];
}

/** The median of the intervals between a line's own points (undefined entries are not its points). */
function medianInterval(times: readonly number[], values: readonly LineValue[]): number | undefined {
  const intervals: number[] = [];
  let previous: number | undefined;
  values.forEach((value, index) => {
    if (value === undefined) return;
    if (previous !== undefined) intervals.push(times[index]! - times[previous]!);
    previous = index;
  });
  if (intervals.length === 0) return undefined;
  intervals.sort((a, b) => a - b);
  return intervals[Math.floor((intervals.length - 1) / 2)];
}

/**
 * Each line with a gap (null) wherever two of its points are more than GAP_FACTOR times its median
 * interval apart: the times between them that belong to other lines become null for it, and where
 * there are none a time is added halfway. Nulls already there stay gaps; undefined stays joined.
 */
export function withMissingPointGaps(times: readonly number[], lines: readonly (readonly LineValue[])[]): GappedLines {
  const gapped = lines.map((values) => [...values]);
  /** Per index of `times`: the lines that need a time added right after it. */
  const added = new Map<number, number[]>();
  gapped.forEach((values, line) => {
    const median = medianInterval(times, values);
    if (median === undefined || median <= 0) return;
    let previous: number | undefined;
    values.forEach((value, index) => {
      if (value === undefined) return;
      if (previous !== undefined && values[previous] !== null && value !== null && times[index]! - times[previous]! > GAP_FACTOR * median) {
        if (index - previous > 1) for (let between = previous + 1; between < index; between++) values[between] = null;
        else added.set(previous, [...(added.get(previous) ?? []), line]);
      }
      previous = index;
    });
  });
  if (added.size === 0) return { times: [...times], lines: gapped };
  const outTimes: number[] = [];
  const outLines: LineValue[][] = gapped.map(() => []);
  times.forEach((time, index) => {
    outTimes.push(time);
    for (const [line, values] of gapped.entries()) outLines[line]!.push(values[index]);
    const gapLines = added.get(index);
    if (gapLines === undefined) return;
    outTimes.push((time + times[index + 1]!) / 2);
    for (const [line, values] of outLines.entries()) values.push(gapLines.includes(line) ? null : undefined);
  });
  return { times: outTimes, lines: outLines };
}

/**
 * The indices of a line's points that have no neighbour to join (a gap or nothing on both sides):
 * a line through them is never drawn, so they are shown as dots. Null when there are none.
 */
export function isolatedPoints(values: readonly LineValue[]): number[] | null {
  const isolated: number[] = [];
  let before: LineValue = null;
  values.forEach((value, index) => {
    if (value === undefined) return;
    if (typeof value === 'number' && before === null && nextPoint(values, index) === null) isolated.push(index);
    before = value;
  });
  return isolated.length === 0 ? null : isolated;
}

/** The line's next point after `index`: its value, or null at a gap or the end. */
function nextPoint(values: readonly LineValue[], index: number): number | null {
  for (let next = index + 1; next < values.length; next++) {
    const value = values[next];
    if (value !== undefined) return value;
  }
  return null;
}
