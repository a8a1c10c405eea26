/** The Grafana data source every panel reads: the dashboard's `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: '$datasource' } as const;

export interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
  /** Grafana queries the exemplars of the series too (Prometheus with exemplar storage). */
  readonly exemplar?: boolean;
  readonly instant?: boolean;
}

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Panel {
  readonly id: number;
  readonly type: 'row' | 'timeseries' | 'stat';
  readonly title: string;
  readonly gridPos: GridPos;
  readonly [field: string]: unknown;
}

export interface QueryPanelInput {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly targets: readonly Omit<Target, 'refId'>[];
  readonly min?: number;
  /** Threshold steps (values in `unit`), drawn as lines on a time series, colouring a stat. */
  readonly thresholds?: readonly { readonly color: string; readonly value: number | null }[];
}

/** Lays panels out left to right on Grafana's 24-column grid, a new line when a panel does not fit. */
export class Layout {
  #x = 0;
  #y = 0;
  #lineHeight = 0;
  #id = 0;

  place(w: number, h: number): { id: number; gridPos: GridPos } {
    if (this.#x + w > 24) this.newLine();
    const gridPos = { x: this.#x, y: this.#y, w, h };
    this.#x += w;
    this.#lineHeight = Math.max(this.#lineHeight, h);
    this.#id += 1;
    return { id: this.#id, gridPos };
  }

  newLine(): void {
    this.#y += this.#lineHeight;
    this.#x = 0;
    this.#lineHeight = 0;
  }
}

const refIds = (targets: readonly Omit<Target, 'refId'>[]): Target[] =>
  targets.map((target, index) => ({ refId: String.fromCharCode(65 + index), ...target }));

const thresholdsOf = (input: QueryPanelInput) => ({
  mode: 'absolute',
  steps: input.thresholds ?? [{ color: 'green', value: null }],
});

export function row(layout: Layout, title: string): Panel {
  layout.newLine();
  const placed = layout.place(24, 1);
  layout.newLine();
  return { ...placed, type: 'row', title, collapsed: false, panels: [] };
}

export function timeseries(layout: Layout, w: number, input: QueryPanelInput): Panel {
  return {
    ...layout.place(w, 8),
    type: 'timeseries',
    title: input.title,
    description: input.description,
    datasource: DATASOURCE,
    fieldConfig: {
      defaults: {
        unit: input.unit,
        ...(input.min === undefined ? {} : { min: input.min }),
        thresholds: thresholdsOf(input),
        custom: { lineWidth: 1, fillOpacity: 10, thresholdsStyle: { mode: input.thresholds === undefined ? 'off' : 'line' } },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'], showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: refIds(input.targets).map((target) => ({ datasource: DATASOURCE, range: true, ...target })),
  };
}

export function stat(layout: Layout, w: number, input: QueryPanelInput): Panel {
  return {
    ...layout.place(w, 5),
    type: 'stat',
    title: input.title,
    description: input.description,
    datasource: DATASOURCE,
    fieldConfig: { defaults: { unit: input.unit, decimals: 3, thresholds: thresholdsOf(input) }, overrides: [] },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'area',
      textMode: 'value',
    },
    targets: refIds(input.targets).map((target) => ({ datasource: DATASOURCE, instant: true, range: false, ...target })),
  };
}
