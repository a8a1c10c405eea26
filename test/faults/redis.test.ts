import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@sightline/dev-postgres/free-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from '../../packages/sdk/test/integration/daemon.js';
import { requireBinaries } from '../../packages/sdk/test/support/system-binary.js';
import { ms } from './support/load.js';
import { pollUntil } from './support/metrics.js';
import { type Service, startService } from './support/service.js';

const binaries = requireBinaries(['redis-server'], 'redis-server');
/** The SDK's default per-check timeout. */
const CHECK_TIMEOUT_MS = 500;
/** What a probe may take beyond the check's timeout: the HTTP round trip on a busy machine. */
const PROBE_SLACK_MS = 400;
const PAUSE_MS = 3000;

let directory: string;
let redis: Daemon;
let service: Service;

interface Probe {
  readonly status: number;
  readonly ms: number;
  readonly body: { checks?: Record<string, { status: string; message?: string }> };
}

async function probe(): Promise<Probe> {
  const started = performance.now();
  const response = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as Probe['body'];
  return { status: response.status, ms: performance.now() - started, body };
}

describe.skipIf(binaries.skip)('Redis paused with SIGSTOP (a service checking it with the SDK)', () => {
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-faults-redis-'));
    redis = await startDaemon({
      name: 'redis-server',
      binary: binaries.path('redis-server'),
      port: await freePort(),
      args: (dir, port) => ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      readyOutput: 'Ready to accept connections',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    service = await startService(
      'test/faults/fixtures/probe-service.ts',
      { REDIS_URL: redis.url.replace('http', 'redis') },
      join(directory, 'service.log'),
    );
    await pollUntil(async () => ((await probe()).status === 200 ? true : undefined), 'readiness with Redis up', 15_000);
  });

  afterAll(async () => {
    if (redis !== undefined) process.kill(redis.pid, 'SIGCONT');
    await service?.destroy();
    await redis?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('answers every readiness probe within the check timeout while Redis is paused, unready, and ready again once it resumes', async () => {
    process.kill(redis.pid, 'SIGSTOP');
    const probes: Probe[] = [];
    const pausedAt = performance.now();
    try {
      while (performance.now() - pausedAt < PAUSE_MS) probes.push(await probe());
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    const resumedAt = performance.now();
    const recovered = await pollUntil(
      async () => ((await probe()).status === 200 ? true : undefined),
      'readiness after SIGCONT',
      15_000,
      50,
    );
    const recoveredMs = performance.now() - resumedAt;

    const slowest = Math.max(...probes.map((each) => each.ms));
    const messages = [...new Set(probes.map((each) => each.body.checks?.redis?.message ?? each.body.checks?.redis?.status))];
    const statuses = probes.map((each) => each.status);
    console.log(
      `Redis paused ${PAUSE_MS} ms: ${probes.length} /readyz probes, slowest ${ms(slowest)} (check timeout ${CHECK_TIMEOUT_MS} ms), ` +
        `${statuses.filter((status) => status === 503).length} answered 503; redis check said ${JSON.stringify(messages)}; ` +
        `ready again ${ms(recoveredMs)} after SIGCONT (${String(recovered)})`,
    );

    expect(slowest).toBeLessThan(CHECK_TIMEOUT_MS + PROBE_SLACK_MS);
    // The first probe may still see a result cached before the pause; from the timeout on, unready.
    expect(statuses.at(-1)).toBe(503);
    expect(probes.some((each) => /timed out after 500 ms/.test(each.body.checks?.redis?.message ?? ''))).toBe(true);
  });
});
