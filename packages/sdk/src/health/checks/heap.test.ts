import { describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, HealthCheck } from '../types.js';
import { heapCheck } from './heap.js';

const run = (check: HealthCheck) => check.check(new AbortController().signal) as CheckOutcome;

describe('heapCheck', () => {
  it('reports the heap in use against its limit and is healthy below the threshold', () => {
    const outcome = run(heapCheck({ degradedRatio: 1 }));
    expect(outcome.status).toBe('healthy');
    expect(outcome.details?.used_bytes).toBeGreaterThan(0);
    expect(outcome.details?.limit_bytes).toBeGreaterThan(Number(outcome.details?.used_bytes));
  });

  it('is degraded from degradedRatio and unhealthy from unhealthyRatio', () => {
    // Any running heap uses more than a millionth of its limit.
    const degraded = run(heapCheck({ degradedRatio: 0.000001 }));
    expect(degraded.status).toBe('degraded');
    expect(degraded.message).toMatch(/^heap \d+\.\d% of its limit in use \(threshold 0\.0%\)$/);
    expect(run(heapCheck({ degradedRatio: 0.000001, unhealthyRatio: 0.000002 })).status).toBe('unhealthy');
  });

  it('refuses a ratio outside (0, 1] and unhealthyRatio below degradedRatio', () => {
    expect(() => heapCheck({ degradedRatio: 1.5 })).toThrow(/degradedRatio: must be within \(0, 1\]/);
    expect(() => heapCheck({ degradedRatio: 0.9, unhealthyRatio: 0.5 })).toThrow(SightlineConfigError);
  });
});
