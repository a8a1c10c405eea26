/**
 * The units a metric's chart labels its axes with. OTLP metrics carry theirs; a scraped
 * Prometheus family usually does not (the text format has no UNIT line and the store keeps
 * none), but its name ends in its base unit by convention (`*_seconds`, `*_bytes`), read here
 * the way the OpenTelemetry Collector's Prometheus receiver reads it: `s` and `By`.
 */

/** Sample suffixes a family's samples add to its name (text format and OpenMetrics). */
const SAMPLE_SUFFIX = /_(bucket|count|sum|total|created|gcount|gsum)$/;
/** Samples that count observations rather than measure them: a rate of them is per second, unitless. */
const COUNTS_OBSERVATIONS = /_(bucket|count|gcount)$/;
const NAME_UNITS: readonly (readonly [suffix: string, unit: string])[] = [
  ['_seconds', 's'],
  ['_bytes', 'By'],
];

export interface ChartUnits {
  /** The unit of the charted values as stored (before a rate adds `/s`); undefined when they are counts. */
  readonly values: string | undefined;
  /** The unit of the exemplars: always the measurements', whatever sample of the family carries them. */
  readonly exemplars: string | undefined;
}

function unitFromName(name: string): string | undefined {
  const family = name.replace(SAMPLE_SUFFIX, '');
  return NAME_UNITS.find(([suffix]) => family.endsWith(suffix))?.[1];
}

/** UCUM's annotations (`{request}`, `{job}/s`): text in braces, standing for unit 1. */
const ANNOTATION = /\{([^{}]*)\}/g;

/**
 * An OTLP unit as a reader reads it: UCUM annotations without their braces (`{request}` →
 * `request`, `{job}/s` → `job/s`) and the dimensionless `1` as no unit; undefined when none.
 */
export function readableUnit(unit: string | null | undefined): string | undefined {
  if (!unit) return undefined;
  const text = unit.replace(ANNOTATION, '$1').trim();
  return text === '' || text === '1' ? undefined : text;
}

/** The stored unit when there is one, else the one a Prometheus name's suffix states. */
export function chartUnits(name: string, storedUnit: string | null | undefined): ChartUnits {
  if (storedUnit) {
    const unit = readableUnit(storedUnit);
    return { values: unit, exemplars: unit };
  }
  const unit = unitFromName(name);
  return { values: COUNTS_OBSERVATIONS.test(name) ? undefined : unit, exemplars: unit };
}
