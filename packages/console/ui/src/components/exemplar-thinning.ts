/** The most exemplar diamonds a chart draws: past it they cover the lines (1,463 in an hour of a busy histogram). */
export const MAX_EXEMPLARS_DRAWN = 200;

/**
 * At most `most` of `markers`: the window cut into `most` equal time slices, the highest value in
 * each (an exemplar is there to open a slow request's trace); all of them when they fit.
 */
export function thinExemplars<M extends { readonly timeMs: number; readonly value: number }>(
  markers: readonly M[],
  most: number,
): readonly M[] {
  if (markers.length <= most) return markers;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const marker of markers) {
    first = Math.min(first, marker.timeMs);
    last = Math.max(last, marker.timeMs);
  }
  const span = last - first || 1;
  const best: (M | undefined)[] = new Array(most).fill(undefined);
  for (const marker of markers) {
    const slice = Math.min(most - 1, Math.floor(((marker.timeMs - first) / span) * most));
    const held = best[slice];
    if (held === undefined || marker.value > held.value) best[slice] = marker;
  }
  return best.filter((marker): marker is M => marker !== undefined);
}
