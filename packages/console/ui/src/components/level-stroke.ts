import type uPlot from 'uplot';

/** A colour from a value up to the next level's (Grafana's thresholds, "colour by value"). */
export interface ValueLevel {
  readonly from: number;
  readonly color: string;
}

/**
 * Where each level's colour starts and ends on a scale from `min` to `max`, as gradient stops
 * (0 at `min`, 1 at `max`), hard edged: a level wholly outside the scale adds none.
 */
export function levelStops(levels: readonly ValueLevel[], min: number, max: number): [offset: number, color: string][] {
  if (max <= min) {
    // A flat scale: the colour of the level its value is in.
    const color = [...levels].reverse().find((level) => level.from <= min)?.color ?? levels[0]?.color;
    return color === undefined
      ? []
      : [
          [0, color],
          [1, color],
        ];
  }
  const at = (value: number) => Math.min(1, Math.max(0, (value - min) / (max - min)));
  return levels.flatMap((level, index): [number, string][] => {
    const start = at(level.from);
    const end = at(levels[index + 1]?.from ?? Number.POSITIVE_INFINITY);
    return end > start
      ? [
          [start, level.color],
          [end, level.color],
        ]
      : [];
  });
}

/** A line's stroke in its levels' colours by its value on the y scale (levels lowest first). */
export function levelStroke(levels: readonly ValueLevel[]): (plot: uPlot) => CanvasRenderingContext2D['strokeStyle'] {
  return (plot) => {
    const { min, max } = plot.scales.y ?? {};
    const fallback = levels[levels.length - 1]?.color ?? '#8b949e';
    if (min === undefined || max === undefined || min === null || max === null) return fallback;
    const stops = levelStops(levels, min, max);
    if (stops.length === 0) return fallback;
    // Canvas pixels: the gradient runs up the plot from the scale's min to its max.
    const gradient = plot.ctx.createLinearGradient(0, plot.valToPos(min, 'y', true), 0, plot.valToPos(max, 'y', true));
    for (const [offset, color] of stops) gradient.addColorStop(offset, color);
    return gradient;
  };
}
