import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, CheckSettings, HealthCheck } from '../types.js';
import { classify, parseCheckerOptions, settingsShape } from './checker-options.js';

export interface EventLoopDelayCheckOptions extends CheckSettings {
  /** Default `event_loop`. */
  readonly name?: string;
  /** Delay at the percentile from which the check is degraded; default 200 ms. */
  readonly degradedMs?: number;
  /** Delay from which it is unhealthy; default none (a slow loop degrades, it does not fail). */
  readonly unhealthyMs?: number;
  /** Which percentile of the delays since the previous check is compared; default 99. */
  readonly percentile?: number;
  /** Sampling resolution of the delay histogram; default 20 ms. */
  readonly resolutionMs?: number;
}

const optionsSchema = z
  .object({
    ...settingsShape,
    degradedMs: z.number().positive().optional(),
    unhealthyMs: z.number().positive().optional(),
    percentile: z.number().gt(0).max(100).optional(),
    resolutionMs: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * Event-loop delay since the previous run (perf_hooks' histogram, sampled by libuv, no timer
 * of ours). Past `degradedMs` at the percentile the service still answers, but slowly.
 * Each run resets the histogram, which then skips its first interval (one `resolutionMs`):
 * a stall starting in that tick is missed. The histogram stops when the observer shuts down.
 */
export function eventLoopDelayCheck(options: EventLoopDelayCheckOptions = {}): HealthCheck {
  const parsed = parseCheckerOptions('eventLoopDelayCheck', optionsSchema, options);
  const { name = 'event_loop', degradedMs = 200, unhealthyMs, percentile = 99, resolutionMs = 20, ...settings } = parsed;
  if (unhealthyMs !== undefined && unhealthyMs < degradedMs) {
    throw new SightlineConfigError(['eventLoopDelayCheck unhealthyMs: must not be below degradedMs']);
  }
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    ...(settings as CheckSettings),
    name,
    check(): CheckOutcome {
      // No sample yet (two runs within one resolution tick): nothing says the loop is slow.
      // The histogram records whole intervals between firings (an idle loop reads resolutionMs):
      // the delay is what lies beyond the interval.
      const delayMs = histogram.count === 0 ? 0 : Math.max(0, histogram.percentile(percentile) / 1e6 - resolutionMs);
      const maxMs = histogram.count === 0 ? 0 : Math.max(0, histogram.max / 1e6 - resolutionMs);
      histogram.reset();
      const status = classify(delayMs, degradedMs, unhealthyMs);
      const details = { [`p${percentile}_ms`]: Math.round(delayMs * 10) / 10, max_ms: Math.round(maxMs * 10) / 10 };
      if (status === 'healthy') return { status, details };
      return { status, message: `event loop delay p${percentile} ${delayMs.toFixed(1)} ms (threshold ${degradedMs} ms)`, details };
    },
    close: () => histogram.disable(),
  };
}
