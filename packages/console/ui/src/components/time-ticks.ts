/**
 * Where a timeline's tick labels go, as fractions of its width: as many as fit without two labels
 * drawn over each other. A label starts at its tick and the last one ends at the right edge, so the
 * last interval holds two labels side by side: every interval gets room for two.
 */

/** An upper bound of a character's width in the 11 px tick labels ("1.21 s", "905 ms", "12.3 min"). */
const CHARACTER_PX = 7;
const GAP_PX = 8;
/** Quarters at most: a tick more says little on a waterfall and its values get long. */
const MAX_INTERVALS = 4;

export function tickFractions(widthPx: number, longestLabel: number): number[] {
  const labelPx = longestLabel * CHARACTER_PX;
  let intervals = MAX_INTERVALS;
  while (intervals > 1 && widthPx / intervals < 2 * labelPx + GAP_PX) intervals--;
  return Array.from({ length: intervals + 1 }, (_, index) => index / intervals);
}
