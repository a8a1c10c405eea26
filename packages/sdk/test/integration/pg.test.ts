import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { instrumentPool } from '@sightline/sdk/pg';
import pg from 'pg';
import type { Gauge } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoundHistogramMetric } from '../../src/metrics/index.js';
import { eventually } from '../../src/testing/index.js';
import { startTestPostgres, type TestPostgres } from '../support/embedded-postgres.js';
import { createObserverHarness, type ObserverHarness } from '../support/observer-harness.js';

let postgres: TestPostgres;
let harness: ObserverHarness;
let pool: pg.Pool;
const extraPools: pg.Pool[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
  harness = createObserverHarness('pg-integration');
  pool = instrumentPool(harness.observer, new pg.Pool({ ...postgres.poolConfig, max: 4 }), { name: 'main', slowQueryMs: 100 });
  await pool.query('CREATE TABLE items (id serial PRIMARY KEY, name text UNIQUE NOT NULL, price numeric NOT NULL)');
});

afterAll(async () => {
  await Promise.allSettled([pool?.end(), ...extraPools.map((extra) => extra.end())]);
  await harness?.observer.shutdown();
  await postgres?.stop();
});

/** Client spans whose parent is `parent`, in the order they ended. */
function childrenOf(parent: Span): ReadableSpan[] {
  const { spanId } = parent.spanContext();
  return harness.spans().filter((span) => span.parentSpanContext?.spanId === spanId && span.kind === SpanKind.CLIENT);
}

async function gaugeValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = harness.observer.metrics.registry.getSingleMetric(name) as Gauge | undefined;
  const values = (await metric?.get())?.values ?? [];
  return values.find((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))?.value;
}

function durationCount(operation: string, collection: string): number {
  const histogram = harness.observer.metrics.registry.getSingleMetric('db_client_operation_duration_seconds') as unknown as
    | BoundHistogramMetric
    | undefined;
  const sample = histogram
    ?.get()
    .values.find(
      (value) =>
        value.metricName === 'db_client_operation_duration_seconds_count' &&
        value.labels.db_operation_name === operation &&
        value.labels.db_collection_name === collection,
    );
  return sample?.value ?? 0;
}

describe('instrumentPool with a real Postgres', () => {
  it('turns pool queries in a request into CLIENT child spans with semconv attributes and no literals', async () => {
    const request = await harness.observer.span('request', async (span) => {
      await pool.query("INSERT INTO items (name, price) VALUES ('secret-widget', 42.5)");
      const found = await pool.query('SELECT id, name FROM items WHERE name = $1 AND price > 10', ['secret-widget']);
      expect(found.rows).toHaveLength(1);
      return span;
    });

    const [insert, select] = childrenOf(request);
    expect(insert?.name).toBe('INSERT items');
    expect(insert?.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'INSERT',
      'db.collection.name': 'items',
      'db.namespace': postgres.database,
      'server.address': postgres.host,
      'server.port': postgres.port,
      'db.query.text': 'INSERT INTO items (name, price) VALUES (?, ?)',
    });
    expect(select?.name).toBe('SELECT items');
    expect(select?.attributes['db.query.text']).toBe('SELECT id, name FROM items WHERE name = $1 AND price > ?');
    for (const span of [insert, select]) {
      const text = String(span?.attributes['db.query.text']);
      expect(text).not.toContain('secret-widget');
      expect(text).not.toContain('42.5');
      expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    }
  });

  it('traces the callback form and query config objects, running the callback in the caller context', async () => {
    const { request, activeInCallback } = await harness.observer.span('request', (span) => {
      return new Promise<{ request: Span; activeInCallback: Span | undefined }>((resolve, reject) => {
        pool.query({ text: 'SELECT count(*) FROM items WHERE id > $1', values: [0] }, (error: Error | undefined) => {
          if (error) reject(error);
          else resolve({ request: span, activeInCallback: trace.getActiveSpan() });
        });
      });
    });
    expect(activeInCallback).toBe(request);
    const [count] = childrenOf(request);
    expect(count?.name).toBe('SELECT items');
    expect(count?.attributes['db.query.text']).toBe('SELECT count(*) FROM items WHERE id > $1');
  });

  it('records a unique violation on the span and counts it by SQLSTATE', async () => {
    await pool.query("INSERT INTO items (name, price) VALUES ('duplicate', 1)");
    const request = await harness.observer.span('request', async (span) => {
      await expect(pool.query("INSERT INTO items (name, price) VALUES ('duplicate', 2)")).rejects.toMatchObject({ code: '23505' });
      return span;
    });

    const [failed] = childrenOf(request);
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toBe('23505');
    expect(failed?.attributes['db.response.status_code']).toBe('23505');
    expect(failed?.events.some((event) => event.name === 'exception')).toBe(true);
    const { body } = await harness.observer.metrics.render();
    expect(body).toContain('db_client_errors_total{db_operation_name="INSERT",db_collection_name="items",error_type="23505"} 1');
  });

  it('logs a slow query at warn with the sanitized statement and the trace id', async () => {
    const request = await harness.observer.span('request', async (span) => {
      await pool.query('SELECT pg_sleep(0.3)');
      return span;
    });
    const line = harness.lines.find((entry) => entry.msg === 'slow query' && entry.trace_id === request.spanContext().traceId);
    expect(line).toMatchObject({ level: 40, statement: 'SELECT pg_sleep(?)', operation: 'SELECT', pool: 'main' });
    expect(line?.duration_ms).toBeGreaterThanOrEqual(300);
    expect(harness.lines.filter((entry) => entry.msg === 'slow query' && entry.statement !== 'SELECT pg_sleep(?)')).toEqual([]);
  });

  it('moves the duration histogram count with each query', async () => {
    const before = durationCount('SELECT', 'items');
    await pool.query('SELECT * FROM items LIMIT 1');
    expect(durationCount('SELECT', 'items')).toBe(before + 1);
  });

  it('traces every statement of a transaction on a checked-out client, once each', async () => {
    const request = await harness.observer.span('request', async (span) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO items (name, price) VALUES ($1, $2)', ['in-transaction', 7]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      // The same connection, borrowed by pool.query, gets only the pool's span.
      await pool.query('SELECT 1');
      return span;
    });
    expect(childrenOf(request).map((span) => span.name)).toEqual(['BEGIN', 'INSERT items', 'COMMIT', 'SELECT']);
  });

  it('lets submittable queries through untraced', async () => {
    const client = await pool.connect();
    try {
      const before = harness.spans().length;
      const submittable = client.query(new pg.Query('SELECT 1 AS one'));
      await new Promise((resolve, reject) => submittable.on('end', resolve).on('error', reject));
      expect(harness.spans().length).toBe(before);
    } finally {
      client.release();
    }
  });

  it('reports used, idle and pending connections at scrape time', async () => {
    const held = await pool.connect();
    try {
      expect(await gaugeValue('db_client_connections_usage', { db_client_connection_pool_name: 'main', state: 'used' })).toBe(1);
      expect(await gaugeValue('db_client_connections_usage', { db_client_connection_pool_name: 'main', state: 'idle' })).toBe(
        pool.idleCount,
      );
      expect(await gaugeValue('db_client_connections_max', { db_client_connection_pool_name: 'main' })).toBe(4);
    } finally {
      held.release();
    }
    expect(await gaugeValue('db_client_connections_usage', { db_client_connection_pool_name: 'main', state: 'used' })).toBe(0);

    const small = instrumentPool(harness.observer, new pg.Pool({ ...postgres.poolConfig, max: 2 }), { name: 'small' });
    extraPools.push(small);
    const first = await small.connect();
    const second = await small.connect();
    const waiting = small.connect();
    try {
      expect(await gaugeValue('db_client_connections_pending_requests', { db_client_connection_pool_name: 'small' })).toBe(1);
      expect(await gaugeValue('db_client_connections_usage', { db_client_connection_pool_name: 'small', state: 'used' })).toBe(2);
      expect(await gaugeValue('db_client_connections_max', { db_client_connection_pool_name: 'small' })).toBe(2);
    } finally {
      first.release();
      second.release();
      (await waiting).release();
    }
    expect(await gaugeValue('db_client_connections_pending_requests', { db_client_connection_pool_name: 'small' })).toBe(0);
  });
  it('keeps serving after an idle client is terminated by the server: a warn line, no crash', async () => {
    const victim = instrumentPool(harness.observer, new pg.Pool({ ...postgres.poolConfig, max: 1 }), { name: 'victim' });
    extraPools.push(victim);
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'); // its one client is idle now
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);

    const line = await eventually(
      () =>
        harness.lines.find(
          (l) => l.msg === 'idle Postgres client failed; the pool dropped it' && l.db_client_connection_pool_name === 'victim',
        ),
      'the idle client error line',
    );
    expect(line).toMatchObject({ level: 40, err: { code: '57P01' } });
    const again = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(again.rows[0]?.pid).not.toBe(rows[0]?.pid);
  });
});
