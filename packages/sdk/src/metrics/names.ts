import { LABEL_NAME_PATTERN, METRIC_NAME_PATTERN } from '../config/index.js';
import { SightlineMetricError } from '../sightline-error/index.js';

export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary';

const RESERVED_SUFFIXES = ['_bucket', '_count', '_sum', '_created', '_info'];
/**
 * Units that are not Prometheus's base units, with the base unit to use: a `_milliseconds`
 * histogram beside the SDK's `_seconds` ones makes every dashboard and SLO multiply by 1000.
 */
const NON_BASE_UNITS: Readonly<Record<string, string>> = {
  milliseconds: 'seconds',
  ms: 'seconds',
  microseconds: 'seconds',
  nanoseconds: 'seconds',
  minutes: 'seconds',
  hours: 'seconds',
  kilobytes: 'bytes',
  megabytes: 'bytes',
  gigabytes: 'bytes',
  kb: 'bytes',
  mb: 'bytes',
  gb: 'bytes',
};
const RESERVED_LABELS: Partial<Record<MetricKind, string>> = { histogram: 'le', summary: 'quantile' };

/**
 * Enforces the Prometheus naming rules at declaration time, so a bad name fails at setup
 * with a message saying what to change, never at scrape time.
 */
export function validateMetricName(name: string, kind: MetricKind): void {
  if (!METRIC_NAME_PATTERN.test(name)) {
    throw new SightlineMetricError(
      'SL_METRIC_NAME_INVALID',
      `metric name "${name}" must match ${METRIC_NAME_PATTERN} (letters, digits, _ and :, not starting with a digit)`,
    );
  }
  if (name.startsWith('__')) {
    throw new SightlineMetricError('SL_METRIC_NAME_INVALID', `metric name "${name}" must not start with "__" (reserved)`);
  }
  if (kind === 'counter' && !name.endsWith('_total')) {
    throw new SightlineMetricError('SL_METRIC_NAME_INVALID', `counter "${name}" must end with "_total" (e.g. "${name}_total")`);
  }
  if (kind !== 'counter' && name.endsWith('_total')) {
    throw new SightlineMetricError('SL_METRIC_NAME_INVALID', `${kind} "${name}" must not end with "_total": that suffix is for counters`);
  }
  const unit = (name.endsWith('_total') ? name.slice(0, -'_total'.length) : name).split('_').at(-1) ?? '';
  const base = NON_BASE_UNITS[unit.toLowerCase()];
  if (base !== undefined) {
    throw new SightlineMetricError(
      'SL_METRIC_NAME_INVALID',
      `metric name "${name}" must use the base unit: ${base}, not ${unit} (Prometheus naming: observe ${base} and end the name with "_${base}")`,
    );
  }
  const reserved = RESERVED_SUFFIXES.find((suffix) => name.endsWith(suffix));
  if (reserved !== undefined) {
    throw new SightlineMetricError(
      'SL_METRIC_NAME_INVALID',
      `metric name "${name}" must not end with "${reserved}" (reserved by the exposition format)`,
    );
  }
}

export function validateLabelNames(metric: string, labelNames: readonly string[], kind: MetricKind): void {
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (!LABEL_NAME_PATTERN.test(label) || label.startsWith('__')) {
      throw new SightlineMetricError(
        'SL_METRIC_LABEL_INVALID',
        `label "${label}" of "${metric}" must match ${LABEL_NAME_PATTERN} and not start with "__"`,
      );
    }
    if (label === RESERVED_LABELS[kind]) {
      throw new SightlineMetricError('SL_METRIC_LABEL_INVALID', `label "${label}" is reserved for ${kind}s (in "${metric}")`);
    }
    if (seen.has(label)) {
      throw new SightlineMetricError('SL_METRIC_LABEL_INVALID', `label "${label}" appears twice in "${metric}"`);
    }
    seen.add(label);
  }
}
