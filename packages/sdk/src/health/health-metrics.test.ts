import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerHealthMetrics } from './health-metrics.js';
import { HealthRegistry } from './health-registry.js';
import type { HealthStatus } from './types.js';

function setup(prefix = '') {
  const registry = new Registry();
  const health = new HealthRegistry({ defaults: { timeoutMs: 200, intervalMs: 60_000 } });
  registerHealthMetrics(registry, prefix, health);
  return { registry, health };
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health metrics', () => {
  it('exports each check as a state set: 1 on its current status, 0 on the others', async () => {
    const { registry, health } = setup();
    health.markStarted();
    health.register({ name: 'postgres', check: () => undefined });
    health.register({ name: 'payments', critical: false, check: () => ({ status: 'unhealthy' }) });

    const text = await registry.metrics();

    const expected: [string, HealthStatus, number][] = [
      ['postgres', 'healthy', 1],
      ['postgres', 'degraded', 0],
      ['postgres', 'unhealthy', 0],
      ['payments', 'healthy', 0],
      ['payments', 'unhealthy', 1],
    ];
    for (const [check, status, value] of expected) {
      expect(sample(text, `sightline_health_check_status{check="${check}",status="${status}"}`)).toBe(value);
    }
    expect(sample(text, 'sightline_health_check_duration_seconds{check="postgres"}')).toBeGreaterThanOrEqual(0);
  });

  it('exports the status of each probe the same way', async () => {
    const { registry, health } = setup();
    health.register({ name: 'payments', critical: false, check: () => ({ status: 'unhealthy' }) });

    const starting = await registry.metrics();
    expect(sample(starting, 'sightline_health_status{probe="startup",status="unhealthy"}')).toBe(1);
    expect(sample(starting, 'sightline_health_status{probe="ready",status="unhealthy"}')).toBe(1);
    expect(sample(starting, 'sightline_health_status{probe="live",status="healthy"}')).toBe(1);

    health.markStarted();
    const running = await registry.metrics();
    expect(sample(running, 'sightline_health_status{probe="ready",status="degraded"}')).toBe(1);
    expect(sample(running, 'sightline_health_status{probe="ready",status="unhealthy"}')).toBe(0);
    expect(sample(running, 'sightline_health_status{probe="startup",status="healthy"}')).toBe(1);
  });

  it('runs due checks once per scrape and reuses results younger than intervalMs', async () => {
    const { registry, health } = setup();
    let calls = 0;
    health.register({
      name: 'postgres',
      check: () => {
        calls++;
      },
    });

    await registry.metrics();
    await registry.metrics();

    expect(calls).toBe(1);
  });

  it('applies the metric prefix', async () => {
    const { registry, health } = setup('shop_');
    health.register({ name: 'postgres', check: () => undefined });
    expect(await registry.metrics()).toContain('shop_sightline_health_check_status{check="postgres",status="healthy"} 1');
  });
});
