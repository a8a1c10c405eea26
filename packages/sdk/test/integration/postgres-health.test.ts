import { freePort } from '@sightline/dev-postgres/free-port';
import { instrumentPool } from '@sightline/sdk/pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../../src/health/health-registry.js';
import { postgresCheck } from '../../src/health/index.js';
import { startTestPostgres, type TestPostgres } from '../support/embedded-postgres.js';
import { createObserverHarness, type ObserverHarness } from '../support/observer-harness.js';

let postgres: TestPostgres;
let harness: ObserverHarness;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres('sightline_health');
  harness = createObserverHarness('postgres-health');
});

afterAll(async () => {
  await Promise.allSettled(pools.map((pool) => pool.end()));
  await harness?.observer.shutdown();
  await postgres?.stop();
});

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
}

function checker(pool: pg.Pool, timeoutMs = 2000) {
  const registry = new HealthRegistry({ defaults: { timeoutMs, intervalMs: 0 } });
  registry.markStarted();
  registry.register(postgresCheck(pool));
  return async () => {
    const report = await registry.evaluate('ready');
    return { status: report.status, check: report.checks.get('postgres') };
  };
}

describe('postgresCheck with a real Postgres', () => {
  it('is healthy when the ping answers, and reports the pool counts', async () => {
    const evaluate = checker(newPool({ ...postgres.poolConfig, max: 3 }));

    const { status, check } = await evaluate();

    expect(status).toBe('healthy');
    expect(check).toMatchObject({ status: 'healthy', details: { total: 1, idle: 1, waiting: 0, max: 3 } });
  });

  it('is degraded, without queueing a ping, while the pool is exhausted and clients wait; healthy once released', async () => {
    const pool = newPool({ ...postgres.poolConfig, max: 2 });
    const evaluate = checker(pool);
    const held = [await pool.connect(), await pool.connect()];
    const waiting = pool.query('SELECT 1 AS queued');

    const exhausted = await evaluate();

    expect(exhausted.status).toBe('degraded');
    expect(exhausted.check).toMatchObject({
      status: 'degraded',
      message: 'pool exhausted: 2/2 connections in use, 1 waiting',
      details: { total: 2, idle: 0, waiting: 1, max: 2 },
    });
    expect(pool.waitingCount).toBe(1);

    for (const client of held) client.release();
    await waiting;
    expect((await evaluate()).check?.status).toBe('healthy');
  });

  it('is unhealthy, with the driver error, when Postgres cannot be reached', async () => {
    const port = await freePort();
    const evaluate = checker(newPool({ ...postgres.poolConfig, host: '127.0.0.1', port, max: 1 }));

    const { status, check } = await evaluate();

    expect(status).toBe('unhealthy');
    expect(check?.status).toBe('unhealthy');
    expect(check?.message).toMatch(/ECONNREFUSED/);
  });

  it('is unhealthy once the app ended the pool', async () => {
    const pool = newPool(postgres.poolConfig);
    const evaluate = checker(pool);
    await pool.end();
    expect((await evaluate()).check).toMatchObject({ status: 'unhealthy', message: 'the pool has been ended' });
  });

  it('pings through an instrumented pool without making a span per probe', async () => {
    const pool = instrumentPool(harness.observer, newPool(postgres.poolConfig), { name: 'health' });
    harness.observer.health.register(postgresCheck(pool, { name: 'primary', intervalMs: 0 }));
    harness.observer.health.markStarted();
    const spansBefore = harness.spans().length;

    const report = await harness.observer.health.evaluate('ready');

    expect(report.checks.get('primary')?.status).toBe('healthy');
    expect(harness.spans().slice(spansBefore)).toEqual([]);
  });
});
