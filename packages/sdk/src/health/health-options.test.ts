import { describe, expect, it } from 'vitest';
import { configError } from '../../test/support/thrown-error.js';
import { resolveOptions } from '../config/index.js';
import { createObserver } from '../observer/index.js';

describe('health and shutdown options', () => {
  it('default to the four probe paths, a 500 ms timeout, a 1 s cache, no shutdown delay and a 10 s drain', () => {
    const resolved = resolveOptions({}, {});
    expect(resolved.health).toEqual({
      enabled: true,
      paths: { live: ['/livez'], ready: ['/readyz'], startup: ['/startupz'], health: ['/healthz'] },
      timeoutMs: 500,
      intervalMs: 1000,
      showDetails: true,
    });
    expect(resolved.shutdown).toEqual({ delayMs: 0, drainTimeoutMs: 10_000 });
  });

  it('keeps the default paths of the probes an app leaves out', () => {
    const resolved = resolveOptions({ health: { paths: { ready: ['/readyz', '/health/ready'] } } }, {});
    expect(resolved.health.paths).toMatchObject({ live: ['/livez'], ready: ['/readyz', '/health/ready'] });
  });

  it('refuses a path that serves two probes, or one without a leading slash', () => {
    const duplicate = configError(() => resolveOptions({ health: { paths: { live: ['/health'], ready: ['/health'] } } }, {}));
    expect(duplicate.issues).toContain('health.paths: a path may serve only one probe');
    const relative = configError(() => resolveOptions({ health: { paths: { live: ['livez'] } } }, {}));
    expect(relative.issues.join('\n')).toContain('health.paths.live.0: a probe path must start with "/"');
  });

  it('names the variable when a shutdown setting from the environment is bad', () => {
    const error = configError(() => resolveOptions({}, { SIGHTLINE_SHUTDOWN_DRAIN_TIMEOUT_MS: '0' }));
    expect(error.issues.join('\n')).toContain('(set by SIGHTLINE_SHUTDOWN_DRAIN_TIMEOUT_MS)');
  });

  it('exports no health metrics when metrics are off', async () => {
    const observer = createObserver({ env: {}, registerGlobal: false, trace: { enabled: false }, metrics: { enabled: false } });
    try {
      observer.health.register({ name: 'postgres', check: () => undefined });
      expect((await observer.metrics.render()).body).not.toContain('sightline_health');
    } finally {
      await observer.shutdown();
    }
  });
});
