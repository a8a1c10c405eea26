import type { LineValue } from './chart-gaps.js';
import type { ValueLevel } from './level-stroke.js';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /**
   * One entry per `times`: a value; null where the series has none (a gap: its line breaks, as
   * Grafana draws a null); undefined where it has no point (another series has one at that time:
   * its line joins across).
   */
  readonly values: readonly LineValue[];
  /** Set to colour the line by its value (lowest level first); `color` is then its legend's. */
  readonly levels?: readonly ValueLevel[];
}

export interface ChartMarker {
  readonly timeMs: number;
  readonly value: number;
  readonly title: string;
  readonly onSelect: () => void;
}

/** Where an exemplar's dot is drawn, in the chart's box. */
export interface MarkerPosition {
  readonly left: number;
  readonly top: number;
  readonly marker: ChartMarker;
}
