import { describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../sightline-error/index.js';
import { MAX_ABANDONED_CALLS } from './check-runner.js';
import { HealthRegistry, SHUTTING_DOWN_REASON, STARTING_REASON } from './health-registry.js';
import type { CheckOutcome, HealthCheck, HealthStatus } from './types.js';

function registry(defaults = { timeoutMs: 200, intervalMs: 0 }): HealthRegistry {
  return new HealthRegistry({ defaults });
}

function started(defaults?: { timeoutMs: number; intervalMs: number }): HealthRegistry {
  const health = registry(defaults);
  health.markStarted();
  return health;
}

/** A check answering `status`, counting its calls. */
function fixed(name: string, status: HealthStatus, settings: Partial<HealthCheck> = {}) {
  const calls = { count: 0 };
  const check: HealthCheck = {
    name,
    check: () => {
      calls.count++;
      return { status, message: `${name} is ${status}` };
    },
    ...settings,
  };
  return { check, calls };
}

/** A check whose result the test hands over: concurrent runs are visible as pending calls. */
function controlled(name: string) {
  const pending: ((outcome: CheckOutcome | undefined) => void)[] = [];
  const check: HealthCheck = {
    name,
    check: () => new Promise<CheckOutcome | undefined>((resolve) => pending.push(resolve)),
  };
  return { check, pending };
}

describe('HealthRegistry probes', () => {
  it('reports a started service with passing checks as healthy, with per-check results', async () => {
    const health = started();
    health.register(fixed('postgres', 'healthy').check);
    health.register({ name: 'cache', check: () => undefined });

    const report = await health.evaluate('ready');

    expect(report.status).toBe('healthy');
    expect(report.reason).toBeUndefined();
    expect([...report.checks.keys()]).toEqual(['postgres', 'cache']);
    const cache = report.checks.get('cache');
    expect(cache).toMatchObject({ status: 'healthy', critical: true, message: undefined });
    expect(cache?.durationMs).toBeGreaterThanOrEqual(0);
    expect(cache?.lastSuccessAt).toBe(cache?.checkedAt);
  });

  it('is unhealthy when a critical check fails, and degraded when only a non-critical one does', async () => {
    const critical = started();
    critical.register(fixed('postgres', 'unhealthy').check);
    critical.register(fixed('payments', 'healthy', { critical: false }).check);
    expect((await critical.evaluate('ready')).status).toBe('unhealthy');

    const nonCritical = started();
    nonCritical.register(fixed('postgres', 'healthy').check);
    nonCritical.register(fixed('payments', 'unhealthy', { critical: false }).check);
    const report = await nonCritical.evaluate('ready');
    expect(report.status).toBe('degraded');
    expect(report.checks.get('payments')).toMatchObject({ status: 'unhealthy', critical: false, message: 'payments is unhealthy' });
  });

  it('is degraded when a critical check reports degraded', async () => {
    const health = started();
    health.register(fixed('postgres', 'degraded').check);
    expect((await health.evaluate('ready')).status).toBe('degraded');
  });

  it('turns a thrown error or a rejection into an unhealthy result carrying its message', async () => {
    const health = started();
    health.register({
      name: 'sync',
      check: () => {
        throw new Error('connection refused');
      },
    });
    health.register({ name: 'async', check: async () => Promise.reject(new Error('ECONNRESET')) });

    const report = await health.evaluate('ready');

    expect(report.checks.get('sync')).toMatchObject({ status: 'unhealthy', message: 'connection refused', lastSuccessAt: undefined });
    expect(report.checks.get('async')).toMatchObject({ status: 'unhealthy', message: 'ECONNRESET' });
  });

  it('keeps the secrets a failed connection names out of its message, and reads an error whose getters throw', async () => {
    const health = started();
    health.register({
      name: 'db',
      check: () => {
        throw new Error('connect to postgres://app:hunter2@db:5432/shop failed; retry with password=hunter2');
      },
    });
    const hostile = new Error('redis down');
    Object.defineProperty(hostile, 'stack', {
      get() {
        throw new Error('stack getter exploded');
      },
    });
    health.register({ name: 'cache', check: async () => Promise.reject(hostile) });

    const report = await health.evaluate('ready');

    expect(report.checks.get('db')?.message).toBe('connect to postgres://[REDACTED]@db:5432/shop failed; retry with password=[REDACTED]');
    expect(report.checks.get('cache')).toMatchObject({ status: 'unhealthy', message: 'redis down' });
  });

  it('keeps the time of the last success when a check starts failing', async () => {
    const health = started();
    let status: HealthStatus = 'healthy';
    health.register({ name: 'flaky', check: () => ({ status }) });
    const ok = (await health.evaluate('ready')).checks.get('flaky');

    status = 'unhealthy';
    const failed = (await health.evaluate('ready')).checks.get('flaky');

    expect(failed?.status).toBe('unhealthy');
    expect(failed?.lastSuccessAt).toBe(ok?.checkedAt);
  });

  it('fails the startup and readiness probes until markStarted(), while liveness passes', async () => {
    const health = registry();
    health.register(fixed('postgres', 'healthy').check);

    expect(await health.evaluate('startup')).toMatchObject({ status: 'unhealthy', reason: STARTING_REASON });
    expect(await health.evaluate('ready')).toMatchObject({ status: 'unhealthy', reason: STARTING_REASON });
    expect((await health.evaluate('live')).status).toBe('healthy');

    health.markStarted();

    expect(await health.evaluate('startup')).toMatchObject({ status: 'healthy', reason: undefined, started: true });
    expect((await health.evaluate('ready')).status).toBe('healthy');
  });

  it('fails readiness with "shutting down" at once, keeps liveness passing, and stops calling dependencies', async () => {
    const health = started();
    const postgres = fixed('postgres', 'healthy');
    health.register(postgres.check);
    await health.evaluate('ready');
    expect(postgres.calls.count).toBe(1);

    health.markShuttingDown();

    expect(await health.evaluate('ready')).toMatchObject({ status: 'unhealthy', reason: SHUTTING_DOWN_REASON, shuttingDown: true });
    expect(await health.evaluate('health')).toMatchObject({ status: 'unhealthy', reason: SHUTTING_DOWN_REASON });
    expect((await health.evaluate('live')).status).toBe('healthy');
    expect(postgres.calls.count).toBe(1);
  });

  it('runs only the checks that opted into a probe; the aggregate runs them all', async () => {
    const health = started();
    health.register(fixed('postgres', 'healthy').check);
    health.register(fixed('event_loop', 'degraded', { probes: ['live', 'ready'] }).check);
    health.register(fixed('migrations', 'healthy', { probes: ['startup'] }).check);

    expect([...(await health.evaluate('live')).checks.keys()]).toEqual(['event_loop']);
    expect([...(await health.evaluate('ready')).checks.keys()]).toEqual(['postgres', 'event_loop']);
    expect([...(await health.evaluate('startup')).checks.keys()]).toEqual(['migrations']);
    expect([...(await health.evaluate('health')).checks.keys()]).toEqual(['postgres', 'event_loop', 'migrations']);
    expect((await health.evaluate('live')).status).toBe('degraded');
  });

  it('answers liveness with no checks registered', async () => {
    expect(await registry().evaluate('live')).toMatchObject({ status: 'healthy', checks: new Map() });
  });
});

describe('HealthRegistry runs', () => {
  it('runs the checks of a probe concurrently', async () => {
    const health = started({ timeoutMs: 5000, intervalMs: 0 });
    const first = controlled('first');
    const second = controlled('second');
    health.register(first.check);
    health.register(second.check);

    const evaluation = health.evaluate('ready');
    // Both calls are pending before either answered: nothing waits for the other.
    await expect.poll(() => [first.pending.length, second.pending.length]).toEqual([1, 1]);
    second.pending[0]?.({ status: 'healthy' });
    first.pending[0]?.(undefined);

    expect((await evaluation).status).toBe('healthy');
  });

  it('reports a hanging check unhealthy after its timeout and aborts its signal, while the others answer', async () => {
    const health = started({ timeoutMs: 5000, intervalMs: 0 });
    let signal: AbortSignal | undefined;
    health.register({
      name: 'hanging',
      timeoutMs: 50,
      check: (received) => {
        signal = received;
        return new Promise(() => {});
      },
    });
    health.register(fixed('postgres', 'healthy').check);

    const report = await health.evaluate('ready');

    expect(report.status).toBe('unhealthy');
    expect(report.checks.get('hanging')).toMatchObject({ status: 'unhealthy', message: 'timed out after 50 ms' });
    expect(report.checks.get('postgres')?.status).toBe('healthy');
    expect(signal?.aborted).toBe(true);
    expect((signal as AbortSignal).reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('calls a check again on the next probe after a call that ignored its signal and never settled, so readiness recovers', async () => {
    const health = started({ timeoutMs: 5000, intervalMs: 0 });
    let calls = 0;
    health.register({
      name: 'stuck-once',
      timeoutMs: 30,
      // Ignores its signal: the first call never settles, as a client without cancellation would.
      check: () => {
        calls++;
        return calls === 1 ? new Promise<undefined>(() => {}) : undefined;
      },
    });

    const first = await health.evaluate('ready');
    expect(first.status).toBe('unhealthy');
    expect(first.checks.get('stuck-once')?.message).toBe('timed out after 30 ms');

    const second = await health.evaluate('ready');
    expect(calls).toBe(2);
    expect(second.status).toBe('healthy');
    expect(second.checks.get('stuck-once')).toMatchObject({ status: 'healthy', message: undefined });
  });

  it('ignores the late answer of an abandoned call: it never overwrites a newer result', async () => {
    const health = started({ timeoutMs: 5000, intervalMs: 0 });
    let calls = 0;
    let release: () => void = () => {};
    const late = new Promise<CheckOutcome>((resolve) => {
      release = () => resolve({ status: 'healthy', message: 'late answer' });
    });
    health.register({
      name: 'slow',
      timeoutMs: 30,
      check: () => {
        calls++;
        return calls === 1 ? late : { status: 'unhealthy', message: 'connection refused' };
      },
    });
    await health.evaluate('ready');
    const newer = (await health.evaluate('ready')).checks.get('slow');
    expect(newer).toMatchObject({ status: 'unhealthy', message: 'connection refused' });

    release();
    await late;
    // Reactions to the late answer run within the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));

    expect(health.snapshot('ready').checks.get('slow')).toBe(newer);
    expect(calls).toBe(2);
  });

  it(`stops calling a check with ${MAX_ABANDONED_CALLS} abandoned calls pending, says so, and calls it again once one returns`, async () => {
    const health = started({ timeoutMs: 5000, intervalMs: 0 });
    const pending: (() => void)[] = [];
    health.register({
      name: 'black-hole',
      timeoutMs: 20,
      check: () => new Promise<undefined>((resolve) => pending.push(() => resolve(undefined))),
    });

    for (let i = 0; i < MAX_ABANDONED_CALLS; i++) await health.evaluate('ready');
    expect(pending).toHaveLength(MAX_ABANDONED_CALLS);
    const blocked = (await health.evaluate('ready')).checks.get('black-hole');
    expect(pending).toHaveLength(MAX_ABANDONED_CALLS);
    expect(blocked).toMatchObject({
      status: 'unhealthy',
      message: `${MAX_ABANDONED_CALLS} earlier calls timed out and have not returned (at most ${MAX_ABANDONED_CALLS} are left pending); not called again until one returns`,
    });

    pending[0]?.();
    await expect.poll(async () => (await health.evaluate('ready')).checks.get('black-hole')?.message).toBe('timed out after 20 ms');
    expect(pending).toHaveLength(MAX_ABANDONED_CALLS + 1);
  });

  it('reuses a result younger than intervalMs instead of calling the dependency', async () => {
    const health = started({ timeoutMs: 200, intervalMs: 60_000 });
    const postgres = fixed('postgres', 'healthy');
    health.register(postgres.check);

    const first = await health.evaluate('ready');
    const second = await health.evaluate('health');

    expect(postgres.calls.count).toBe(1);
    expect(second.checks.get('postgres')).toBe(first.checks.get('postgres'));
  });

  it('calls the dependency again once the cached result is older than intervalMs', async () => {
    const health = started();
    const postgres = fixed('postgres', 'healthy', { intervalMs: 0 });
    health.register(postgres.check);

    await health.evaluate('ready');
    await health.evaluate('ready');

    expect(postgres.calls.count).toBe(2);
  });

  it('shares one in-flight run between concurrent probes (no storm reaches the dependency)', async () => {
    const health = started({ timeoutMs: 5000, intervalMs: 0 });
    const postgres = controlled('postgres');
    health.register(postgres.check);

    const storm = Array.from({ length: 25 }, (_, i) => health.evaluate(i % 2 === 0 ? 'ready' : 'health'));
    await expect.poll(() => postgres.pending.length).toBe(1);
    postgres.pending[0]?.({ status: 'degraded', message: 'slow' });
    const reports = await Promise.all(storm);

    expect(postgres.pending).toHaveLength(1);
    expect(new Set(reports.map((report) => report.checks.get('postgres')))).toHaveProperty('size', 1);
    expect(reports.every((report) => report.status === 'degraded')).toBe(true);
  });

  it('treats an invalid status returned by a check as unhealthy', async () => {
    const health = started();
    health.register({ name: 'odd', check: () => ({ status: 'fine' as HealthStatus }) });
    expect((await health.evaluate('ready')).checks.get('odd')).toMatchObject({
      status: 'unhealthy',
      message: expect.stringContaining('"fine"'),
    });
  });
});

describe('HealthRegistry registration', () => {
  it('refuses a second check with the same name', () => {
    const health = registry();
    health.register(fixed('postgres', 'healthy').check);
    expect(() => health.register(fixed('postgres', 'healthy').check)).toThrow(
      /^Invalid health check:\n {2}- health check "postgres" is already registered/,
    );
  });

  it('names every bad setting in one SightlineConfigError', () => {
    const health = registry();
    let error: unknown;
    try {
      health.register({ name: 'has space', check: 'nope' as never, timeoutMs: -1, probes: ['alive' as never] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SightlineConfigError);
    const issues = (error as SightlineConfigError).issues.join('\n');
    for (const field of ['name:', 'check:', 'timeoutMs:', 'probes.0:']) expect(issues).toContain(field);
  });

  it('closes every check that holds something, once', async () => {
    const health = registry();
    let closed = 0;
    health.register({ name: 'histogram', check: () => undefined, close: () => closed++ });
    health.register(fixed('plain', 'healthy').check);
    await health.close();
    expect(closed).toBe(1);
  });
});
