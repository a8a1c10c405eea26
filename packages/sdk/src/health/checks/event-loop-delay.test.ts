import { describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, HealthCheck } from '../types.js';
import { eventLoopDelayCheck } from './event-loop-delay.js';

/** Lets the loop turn: the delay histogram records a sample in its timer, run in the next timers phase. */
const nextTurns = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy: exactly what a CPU-bound handler does to the loop.
  }
}

const run = (check: HealthCheck) => check.check(new AbortController().signal) as CheckOutcome;

/**
 * Blocks the loop, lets it turn, and runs the check, until it reports something other than
 * healthy (deadline 5 s). After each check resets the histogram, its timer must tick once
 * before it measures again (the first interval after a reset is not recorded), so the block
 * waits for that tick.
 */
async function blockUntilReported(check: HealthCheck, resolutionMs: number): Promise<CheckOutcome> {
  const deadline = performance.now() + 5000;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, resolutionMs * 3));
    blockFor(250);
    await nextTurns();
    const outcome = run(check);
    if (outcome.status !== 'healthy' || performance.now() > deadline) return outcome;
  }
}

describe('eventLoopDelayCheck', () => {
  it('is degraded after the loop was blocked past the threshold, and healthy again once it was not', async () => {
    const check = eventLoopDelayCheck({ degradedMs: 100, resolutionMs: 10 });
    try {
      const blocked = await blockUntilReported(check, 10);
      expect(blocked.status).toBe('degraded');
      expect(blocked.message).toMatch(/^event loop delay p99 \d+\.\d ms \(threshold 100 ms\)$/);
      expect(blocked.details?.max_ms).toBeGreaterThanOrEqual(100);

      await nextTurns();
      expect(run(check).status).toBe('healthy');
    } finally {
      check.close?.();
    }
  });

  it('is unhealthy past unhealthyMs when one is set', async () => {
    const check = eventLoopDelayCheck({ degradedMs: 50, unhealthyMs: 100, resolutionMs: 10 });
    try {
      expect((await blockUntilReported(check, 10)).status).toBe('unhealthy');
    } finally {
      check.close?.();
    }
  });

  it('defaults to the name event_loop and passes check settings through', () => {
    const check = eventLoopDelayCheck({ critical: false, probes: ['live'] });
    check.close?.();
    expect(check).toMatchObject({ name: 'event_loop', critical: false, probes: ['live'] });
  });

  it('refuses unhealthyMs below degradedMs and unknown options', () => {
    expect(() => eventLoopDelayCheck({ degradedMs: 200, unhealthyMs: 100 })).toThrow(SightlineConfigError);
    expect(() => eventLoopDelayCheck({ thresholdMs: 100 } as never)).toThrow(/thresholdMs/);
  });
});
