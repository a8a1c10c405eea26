/** Invalid items a decoder left out, counted for the partial-success response. */

/** Messages kept for `errorMessage`; the count covers all of them. */
const KEPT_MESSAGES = 3;

/**
 * Collects rejected items while a request is decoded. The outer loops set `resourceIndex` and
 * `scopeIndex` (plain number writes), so a path is only built for an item that is rejected.
 */
export class Rejections {
  resourceIndex = 0;
  scopeIndex = 0;
  count = 0;
  readonly #messages: string[] = [];
  readonly #names: readonly [resources: string, scopes: string, items: string];

  /** `names`: the request's list names in OTLP/JSON, e.g. `['resourceSpans', 'scopeSpans', 'spans']`. */
  constructor(names: readonly [string, string, string]) {
    this.#names = names;
  }

  /** Counts one rejected item; `itemPath` is its place in its scope list, e.g. `spans[3]` or `metrics[1].sum.dataPoints[0]`. */
  add(itemPath: string, problem: string): void {
    this.count++;
    if (this.#messages.length < KEPT_MESSAGES) {
      const [resources, scopes] = this.#names;
      this.#messages.push(`${resources}[${this.resourceIndex}].${scopes}[${this.scopeIndex}].${itemPath}: ${problem}`);
    }
  }

  /** The partial-success message: how many were rejected and why, for the first few. */
  errorMessage(singular: string, plural: string): string {
    if (this.count === 0) return '';
    const noun = this.count === 1 ? singular : plural;
    const more = this.count > this.#messages.length ? `; and ${this.count - this.#messages.length} more` : '';
    return `${this.count} ${noun} rejected: ${this.#messages.join('; ')}${more}`;
  }
}
