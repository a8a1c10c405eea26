/** The label value a label set folds into once a metric has reached its series limit. */
export const OVERFLOW_VALUE = '__overflow__';

export type OverflowListener = (metric: string, limit: number) => void;

/**
 * Bounds the number of label sets a metric can hold. Known label sets always pass; past
 * `limit`, new ones are told to fold into OVERFLOW_VALUE and the listener hears of it.
 */
export class SeriesGuard {
  readonly #metric: string;
  readonly #limit: number;
  readonly #onOverflow: OverflowListener;
  readonly #seen = new Set<string>();

  constructor(metric: string, limit: number, onOverflow: OverflowListener) {
    this.#metric = metric;
    this.#limit = limit;
    this.#onOverflow = onOverflow;
  }

  /** True when the series identified by `key` may exist; false when it must fold. */
  admit(key: string): boolean {
    if (this.#seen.has(key)) return true;
    if (this.#seen.size >= this.#limit) {
      this.#onOverflow(this.#metric, this.#limit);
      return false;
    }
    this.#seen.add(key);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }

  reset(): void {
    this.#seen.clear();
  }
}

/** Key for a label set, in declared label order; \u0001 cannot appear in sane label values. */
export function labelKey(labelNames: readonly string[], labels: Readonly<Record<string, unknown>>): string {
  let key = '';
  for (let i = 0; i < labelNames.length; i++) {
    if (i > 0) key += '\u0001';
    key += String(labels[labelNames[i] as string] ?? '');
  }
  return key;
}

export function overflowLabels(labelNames: readonly string[]): Record<string, string> {
  return Object.fromEntries(labelNames.map((name) => [name, OVERFLOW_VALUE]));
}
