/**
 * Axis ranges of the time chart. Exemplars are measurements beside the charted aggregate, taken
 * when the request ran (before the scrape or export that carries them): both axes must reach
 * them, or their dots land outside the plot.
 */

/** Half the time axis around a single instant (one scrape so far): a minute, not uPlot's years. */
const LONE_INSTANT_PAD_SECONDS = 30;

/** The time axis in seconds: the points' span widened to the exemplars' times. */
export function timeRange(min: number | null, max: number | null, markerSeconds: readonly number[]): [number, number] {
  const low = Math.min(min ?? Number.POSITIVE_INFINITY, ...markerSeconds);
  const high = Math.max(max ?? Number.NEGATIVE_INFINITY, ...markerSeconds);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  if (high - low < 1) return [low - LONE_INSTANT_PAD_SECONDS, high + LONE_INSTANT_PAD_SECONDS];
  return [low, high];
}

/**
 * A drag-zoom's selection, or undefined when uPlot asks the time axis for the data's own extent
 * (the first draw, a double-click's reset), which timeRange fits. A selection is kept as chosen:
 * widening it to the exemplars again, or to a minute when it is under a second, would undo it.
 */
export function zoomedRange(
  min: number | null,
  max: number | null,
  extent: readonly [number, number] | undefined,
): [number, number] | undefined {
  if (extent === undefined || min === null || max === null || max <= min) return undefined;
  return min === extent[0] && max === extent[1] ? undefined : [min, max];
}

/** The value axis: the points' values and the exemplars', padded; from zero when everything is positive and near it. */
export function valueRange(min: number | null, max: number | null, markerValues: readonly number[]): [number, number] {
  const low = Math.min(min ?? 0, ...markerValues);
  const high = Math.max(max ?? 1, ...markerValues);
  const pad = (high - low) * 0.08 || Math.abs(high) * 0.1 || 1;
  return [low >= 0 && low - pad < 0 ? 0 : low - pad, high + pad];
}

/**
 * The exemplar axis (exemplars beside a rate): fitted to the exemplars alone, from zero when they
 * are positive. The default top of 1 would flatten millisecond exemplars in seconds onto zero.
 */
export function exemplarRange(markerValues: readonly number[]): [number, number] {
  return valueRange(null, markerValues.length === 0 ? null : Math.max(...markerValues), markerValues);
}
