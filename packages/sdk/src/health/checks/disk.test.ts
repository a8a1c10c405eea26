import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../../sightline-error/index.js';
import { HealthRegistry } from '../health-registry.js';
import type { HealthCheck } from '../types.js';
import { diskSpaceCheck } from './disk.js';

const run = (check: HealthCheck) => check.check(new AbortController().signal);

describe('diskSpaceCheck', () => {
  it('reads the filesystem of the path with statfs and is healthy below the thresholds', async () => {
    const outcome = await run(diskSpaceCheck({ path: tmpdir(), degradedRatio: 1 }));
    expect(outcome?.status).toBe('healthy');
    expect(outcome?.details).toMatchObject({ path: tmpdir() });
    expect(outcome?.details?.total_bytes).toBeGreaterThan(0);
    expect(outcome?.details?.available_bytes).toBeGreaterThanOrEqual(0);
  });

  it('is degraded when less than minFreeBytes is available', async () => {
    const outcome = await run(diskSpaceCheck({ path: tmpdir(), degradedRatio: 1, minFreeBytes: Number.MAX_SAFE_INTEGER }));
    expect(outcome?.status).toBe('degraded');
    expect(outcome?.message).toContain(`${tmpdir()}: `);
  });

  it('is unhealthy, through the registry, when the path does not exist', async () => {
    const registry = new HealthRegistry({ defaults: { timeoutMs: 1000, intervalMs: 0 } });
    registry.markStarted();
    registry.register(diskSpaceCheck({ path: join(tmpdir(), 'sightline-no-such-dir', 'x') }));

    const report = await registry.evaluate('ready');

    expect(report.checks.get('disk')).toMatchObject({ status: 'unhealthy', message: expect.stringContaining('ENOENT') });
  });

  it('refuses unhealthyRatio below degradedRatio', () => {
    expect(() => diskSpaceCheck({ degradedRatio: 0.9, unhealthyRatio: 0.8 })).toThrow(SightlineConfigError);
  });
});
