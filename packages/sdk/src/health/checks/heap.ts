import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, CheckSettings, HealthCheck } from '../types.js';
import { classify, parseCheckerOptions, percent, ratio, settingsShape } from './checker-options.js';

export interface HeapCheckOptions extends CheckSettings {
  /** Default `heap`. */
  readonly name?: string;
  /** Share of the heap limit in use from which the check is degraded; default 0.9. */
  readonly degradedRatio?: number;
  /** Share from which it is unhealthy; default none. */
  readonly unhealthyRatio?: number;
}

const optionsSchema = z.object({ ...settingsShape, degradedRatio: ratio.optional(), unhealthyRatio: ratio.optional() }).strict();

/** V8 heap in use against the heap limit (`--max-old-space-size`): near it, GC thrashes before the crash. */
export function heapCheck(options: HeapCheckOptions = {}): HealthCheck {
  const { name = 'heap', degradedRatio = 0.9, unhealthyRatio, ...settings } = parseCheckerOptions('heapCheck', optionsSchema, options);
  if (unhealthyRatio !== undefined && unhealthyRatio < degradedRatio) {
    throw new SightlineConfigError(['heapCheck unhealthyRatio: must not be below degradedRatio']);
  }
  return {
    ...(settings as CheckSettings),
    name,
    check(): CheckOutcome {
      const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
      const usedRatio = used / limit;
      const status = classify(usedRatio, degradedRatio, unhealthyRatio);
      const details = { used_bytes: used, limit_bytes: limit, used_ratio: Math.round(usedRatio * 1000) / 1000 };
      if (status === 'healthy') return { status, details };
      return { status, message: `heap ${percent(usedRatio)} of its limit in use (threshold ${percent(degradedRatio)})`, details };
    },
  };
}
