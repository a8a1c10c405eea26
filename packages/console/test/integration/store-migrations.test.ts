import { mkdirSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../../src/server/store/index.js';
import { migrate, SCHEMA_VERSION } from '../../src/server/store/worker/schema.js';
import { tempDir } from './disk.js';

const TIME = 1_767_225_600_000_000_000n; // 2026-01-01

/** A partition file as a version-1 console wrote it, holding one log line and one span. */
async function writeVersionOnePartition(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`ATTACH '${file}' AS p000001`);
  await migrate(connection, 'p000001', Date.now(), 1);
  await connection.run(
    `INSERT INTO p000001.logs (Seq, Timestamp, TraceId, SeverityNumber, SeverityText, ServiceName, Body, BodyIsJson)
     VALUES (7, ?, '4bf92f3577b34da6a3ce929d0e0e4736', 9, 'INFO', 'orders-api', 'written by schema v1', false)`,
    [TIME],
  );
  await connection.run(
    `INSERT INTO p000001.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode)
     VALUES (?, '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', '', 'GET /orders', 2, 'orders-api', 5000000, 0)`,
    [TIME],
  );
  await connection.run('DETACH p000001');
  connection.closeSync();
  instance.closeSync();
}

describe('schema migrations', () => {
  it('migrates a partition written at an older schema version and keeps its rows', async () => {
    const { dir, remove } = tempDir('migrate');
    const path = `${dir}/console.duckdb`;
    mkdirSync(`${path}.d`);
    await writeVersionOnePartition(`${path}.d/p000001.duckdb`);
    const store = await openStore({ path });
    try {
      const logs = await store.logs({ service: 'orders-api' });
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ body: 'written by schema v1', eventName: '', cursor: 7n, timeUnixNano: TIME });
      // Version 2's table and column work on the migrated file, and new log cursors continue after 7.
      await store.appendScrapeSamples([
        { timeUnixNano: TIME, target: 'http://127.0.0.1:9464/metrics', name: 'up', labels: { job: 'api' }, value: 1 },
        {
          timeUnixNano: TIME,
          target: 'http://127.0.0.1:9464/metrics',
          name: 'queue_wait_seconds',
          labels: {},
          value: 0.2,
          description: 'Time a job waits in the queue.',
          unit: 'seconds',
        },
      ]);
      await store.appendLogs([
        { timeUnixNano: TIME + 1n, severityNumber: 9, body: 'new', eventName: 'order.placed', serviceName: 'orders-api' },
      ]);
      // Cursors go on past the migrated file's (its newest is 7).
      const tail = await store.logs({ afterCursor: 7n });
      expect(tail.map((log) => log.eventName)).toEqual(['order.placed']);
      expect(tail[0]!.cursor).toBeGreaterThan(7n);
      // Version 5's HELP and UNIT columns of scrape samples: the metric list reads them.
      expect((await store.metricNames()).map((metric) => [metric.name, metric.description, metric.unit])).toEqual([
        ['queue_wait_seconds', 'Time a job waits in the queue.', 'seconds'],
        ['up', '', ''],
      ]);
      // Version 3's exceptions table exists on the migrated file: error groups query it.
      expect(await store.errorGroups({})).toEqual([]);
      // Version 4 gave the old span its trace key: a lookup by id (key first) finds it.
      const spans = await store.trace('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(spans.map((span) => span.name)).toEqual(['GET /orders']);
    } finally {
      await store.close();
    }
    const instance = await DuckDBInstance.create(`${path}.d/p000001.duckdb`);
    const connection = await instance.connect();
    const versions = (await connection.runAndReadAll('SELECT Version FROM schema_version ORDER BY Version')).getRows().map((row) => row[0]);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    expect(SCHEMA_VERSION).toBe(6);
    // Version 6's column: the release an exception happened in.
    const columns = (await connection.runAndReadAll("SELECT column_name FROM duckdb_columns() WHERE table_name = 'exceptions'")).getRows();
    expect(columns.map((row) => row[0])).toContain('ServiceVersion');
    const keys = (await connection.runAndReadAll('SELECT TraceKey FROM spans')).getRows().map((row) => row[0]);
    expect(keys).toEqual([0x0e0e4736]);
    connection.closeSync();
    instance.closeSync();
    remove();
  });

  it('finishes a partition whose creation was cut short after its schema_version table was made', async () => {
    const { dir, remove } = tempDir('halfmade');
    const path = `${dir}/console.duckdb`;
    mkdirSync(`${path}.d`);
    const instance = await DuckDBInstance.create(`${path}.d/p000001.duckdb`);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE schema_version (Version INTEGER NOT NULL, AppliedMs BIGINT NOT NULL)');
    connection.closeSync();
    instance.closeSync();
    const store = await openStore({ path });
    try {
      await store.appendLogs([{ timeUnixNano: TIME, severityNumber: 9, body: 'after repair-free open', serviceName: 'orders-api' }]);
      expect((await store.logs({})).map((log) => log.body)).toEqual(['after repair-free open']);
    } finally {
      await store.close();
      remove();
    }
  });

  it('refuses to open a partition from a newer schema version, with a named error', async () => {
    const { dir, remove } = tempDir('newer');
    const path = `${dir}/console.duckdb`;
    mkdirSync(`${path}.d`);
    const instance = await DuckDBInstance.create(`${path}.d/p000001.duckdb`);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE schema_version (Version INTEGER NOT NULL, AppliedMs BIGINT NOT NULL)');
    await connection.run('INSERT INTO schema_version VALUES (99, 0)');
    connection.closeSync();
    instance.closeSync();
    try {
      await expect(openStore({ path })).rejects.toThrow(StoreOpenError);
      await expect(openStore({ path })).rejects.toThrow(/schema version 99/);
    } finally {
      remove();
    }
  });
});
