/**
 * The order series are listed and drawn in: by service, then by their labels but `le`, then a
 * histogram bucket's `le` as the number it is (0.005, 0.01, … 1, 2.5, 5, 10, +Inf last). Sorted as
 * text, "+Inf" came first and 10 before 2.5.
 */

interface Labelled {
  readonly service: string;
  readonly attributes: Record<string, unknown>;
}

/** A bucket bound's value: `+Inf` (and anything else not a number) after every finite one. */
function bound(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isNaN(number) ? Number.POSITIVE_INFINITY : number;
}

function labelsText(attributes: Record<string, unknown>): string {
  return JSON.stringify(
    Object.entries(attributes)
      .filter(([key]) => key !== 'le')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function compareSeries(a: Labelled, b: Labelled): number {
  if (a.service !== b.service) return a.service < b.service ? -1 : 1;
  const labelsA = labelsText(a.attributes);
  const labelsB = labelsText(b.attributes);
  if (labelsA !== labelsB) return labelsA < labelsB ? -1 : 1;
  return bound(a.attributes.le) - bound(b.attributes.le) || 0;
}
