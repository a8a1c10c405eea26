import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { isolatedPoints } from './chart-gaps.js';

interface SparklineProps {
  readonly times: readonly number[];
  readonly values: readonly (number | null)[];
  readonly color?: string;
  readonly width?: number;
  readonly height?: number;
  readonly label?: string;
  /** Counts per bucket drawn as bars instead of a line. */
  readonly bars?: boolean;
}

/** A small uPlot line without axes or cursor, for tables (times in ms; a null value is a gap). */
export function Sparkline({ times, values, color = '#4f9cf9', width = 120, height = 28, label, bars = false }: SparklineProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null || times.length === 0) return;
    const isolated = bars ? null : isolatedPoints(values);
    const plot = new uPlot(
      {
        width,
        height,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
        axes: [{ show: false }, { show: false }],
        series: [
          {},
          bars
            ? { stroke: color, width: 0, fill: color, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.8, 6] }) }
            : {
                stroke: color,
                width: 1.5,
                fill: `${color}22`,
                // A null (a minute without requests has no p95) is a gap: a line across it would read
                // as data where the service was down. A value alone between gaps is a dot.
                spanGaps: false,
                points: { show: false, size: 3, fill: color, filter: () => isolated },
              },
        ],
      },
      [times.map((time) => time / 1000), values as (number | null)[]],
      element,
    );
    return () => plot.destroy();
  }, [times, values, color, width, height, bars]);

  if (times.length === 0) return <span className="muted">–</span>;
  return <div className="sparkline" ref={container} role="img" aria-label={label ?? 'sparkline'} style={{ width, height }} />;
}
