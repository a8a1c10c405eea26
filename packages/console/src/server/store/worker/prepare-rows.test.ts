import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { AppendTable } from '../protocol.js';
import { generateLogs, generateSpans } from '../testing/generate.js';
import { appendPrepared } from './append-rows.js';
import { Kind, prepareAppend, preparedColumns, SEQUENCE_COLUMN } from './prepare-rows.js';
import { migrate } from './schema.js';

const TABLES: Record<AppendTable, string> = {
  spans: 'spans',
  logs: 'logs',
  metricPoints: 'metric_points',
  scrapeSamples: 'scrape_samples',
  exceptions: 'exceptions',
};

const TYPE_OF_KIND: Record<number, string> = {
  [Kind.bigint]: 'BIGINT',
  [Kind.ubigint]: 'UBIGINT',
  [Kind.varchar]: 'VARCHAR',
  [Kind.utinyint]: 'UTINYINT',
  [Kind.usmallint]: 'USMALLINT',
  [Kind.uinteger]: 'UINTEGER',
  [Kind.boolean]: 'BOOLEAN',
  [Kind.double]: 'DOUBLE',
};

async function memoryDatabase() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await migrate(connection, 'memory', Date.now());
  return connection;
}

describe('prepared columns', () => {
  it('are every table column in schema order, each appended as its DuckDB type (logs numbered by the writer first)', async () => {
    const connection = await memoryDatabase();
    for (const [table, name] of Object.entries(TABLES) as [AppendTable, string][]) {
      const described = (await connection.runAndReadAll(`DESCRIBE ${name}`)).getRowObjects();
      const schema = described.map((row) => `${row.column_name} ${row.column_type}`);
      const prepared = preparedColumns(table).map((column) => `${column.name} ${TYPE_OF_KIND[column.kind]}`);
      expect(schema, table).toEqual(table === 'logs' ? [`${SEQUENCE_COLUMN} BIGINT`, ...prepared] : prepared);
    }
    connection.closeSync();
  });

  it('write what the rows say: ids, JSON attributes, derived duration, route, status and time range', async () => {
    const connection = await memoryDatabase();
    const spans = generateSpans(3, { startNs: 1_000n, seed: 9, spansPerTrace: 2 });
    spans[0]!.attributes = { 'http.route': '/orders/:id', 'http.response.status_code': 503n, big: 2n ** 70n };
    const batch = prepareAppend('spans', spans);
    expect(batch.rows).toBe(6);
    const starts = spans.map((span) => span.startTimeUnixNano).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect([batch.minTime, batch.maxTime]).toEqual([starts[0], starts.at(-1)]);
    const appender = await connection.createAppender('spans');
    appendPrepared(appender, structuredClone(batch), 0n);
    appender.closeSync();
    const [first] = (
      await connection.runAndReadAll(
        `SELECT HttpRoute, HttpStatusCode, SpanAttributes, Duration, TraceKey FROM spans WHERE SpanId = '${spans[0]!.spanId}'`,
      )
    ).getRowObjects();
    expect(first).toEqual({
      HttpRoute: '/orders/:id',
      HttpStatusCode: 503,
      SpanAttributes: `{"http.route":"/orders/:id","http.response.status_code":"503","big":"${2n ** 70n}"}`,
      Duration: spans[0]!.endTimeUnixNano - spans[0]!.startTimeUnixNano,
      TraceKey: Number.parseInt(spans[0]!.traceId.slice(24), 16),
    });
    const logs = generateLogs(2, { startNs: 5_000n, seed: 9 });
    logs[1]!.body = { structured: true };
    const logAppender = await connection.createAppender('logs');
    expect(appendPrepared(logAppender, prepareAppend('logs', logs), 41n)).toBe(43n);
    logAppender.closeSync();
    const stored = (await connection.runAndReadAll('SELECT Seq, Body, BodyIsJson FROM logs ORDER BY Seq')).getRowObjects();
    expect(stored).toEqual([
      { Seq: 41n, Body: logs[0]!.body, BodyIsJson: false },
      { Seq: 42n, Body: '{"structured":true}', BodyIsJson: true },
    ]);
    connection.closeSync();
  });
});
