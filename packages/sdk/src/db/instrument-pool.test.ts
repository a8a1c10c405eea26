import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createObserverHarness } from '../../test/support/observer-harness.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { instrumentPool } from './instrument-pool.js';

// No server: these pools never connect, they only show what instrumentPool does to objects.
const pools: pg.Pool[] = [];
function newPool(config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ host: '127.0.0.1', port: 1, database: 'shop', ...config });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

describe('instrumentPool', () => {
  it('returns the same pool and leaves the pg module and other pools alone', () => {
    const { observer } = createObserverHarness('pg-unit');
    const poolQuery = pg.Pool.prototype.query;
    const clientQuery = pg.Client.prototype.query;
    const pool = newPool();
    const other = newPool();
    const otherQuery = other.query;

    expect(instrumentPool(observer, pool)).toBe(pool);
    expect(pool.query).not.toBe(poolQuery);
    expect(other.query).toBe(otherQuery);
    expect(pg.Pool.prototype.query).toBe(poolQuery);
    expect(pg.Client.prototype.query).toBe(clientQuery);
  });

  it('is a no-op the second time for the same pool', () => {
    const { observer } = createObserverHarness('pg-unit');
    const pool = instrumentPool(observer, newPool());
    const query = pool.query;
    expect(instrumentPool(observer, pool)).toBe(pool);
    expect(pool.query).toBe(query);
  });

  it('rejects bad options with a SightlineConfigError', () => {
    const { observer } = createObserverHarness('pg-unit');
    expect(() => instrumentPool(observer, newPool(), { slowQueryMs: -5 })).toThrow(SightlineConfigError);
    expect(() => instrumentPool(observer, newPool(), { name: 42 } as never)).toThrow(/instrumentPool name/);
    expect(() => instrumentPool(observer, {} as pg.Pool)).toThrow(/expected a pg Pool/);
  });

  it('refuses a second pool with the same name in one observer', () => {
    const { observer } = createObserverHarness('pg-unit');
    instrumentPool(observer, newPool(), { name: 'primary' });
    expect(() => instrumentPool(observer, newPool(), { name: 'primary' })).toThrow(/already instrumented/);
  });

  it('declares the metrics once per observer and reads every pool at scrape time', async () => {
    const { observer } = createObserverHarness('pg-unit');
    instrumentPool(observer, newPool({ max: 3 }), { name: 'primary' });
    instrumentPool(observer, newPool(), { name: 'replica' });
    // A second observer gets its own declarations.
    instrumentPool(createObserverHarness('pg-unit-2').observer, newPool(), { name: 'primary' });

    const { body } = await observer.metrics.render();
    expect(body).toContain('db_client_connections_max{db_client_connection_pool_name="primary"} 3');
    expect(body).toContain('db_client_connections_max{db_client_connection_pool_name="replica"} 10');
    expect(body).toContain('db_client_connections_usage{db_client_connection_pool_name="primary",state="used"} 0');
    expect(body).toContain('db_client_connections_pending_requests{db_client_connection_pool_name="replica"} 0');
    expect(body.match(/# TYPE db_client_operation_duration_seconds histogram/g)).toHaveLength(1);
  });

  it('records a failed connection on the query span and counts it, without breaking the callback', async () => {
    const harness = createObserverHarness('pg-unit');
    const pool = instrumentPool(harness.observer, newPool({ connectionTimeoutMillis: 2000 }));
    const error = await new Promise<Error | undefined>((resolve) => {
      pool.query("SELECT * FROM users WHERE email = 'ada@example.com'", (err: Error | undefined) => resolve(err));
    });
    expect(error).toBeInstanceOf(Error);
    const span = harness.spans().find((s) => s.name === 'SELECT users');
    expect(span?.status.code).toBe(2);
    expect(span?.attributes['error.type']).toBe('ECONNREFUSED');
    expect(span?.attributes['db.response.status_code']).toBeUndefined();
    expect(span?.attributes['db.query.text']).toBe('SELECT * FROM users WHERE email = ?');
    const { body } = await harness.observer.metrics.render();
    expect(body).toContain('db_client_errors_total{db_operation_name="SELECT",db_collection_name="users",error_type="ECONNREFUSED"} 1');
  });
});
