import type { DuckDBConnection } from '@duckdb/node-api';
import { traceKeySql } from './trace-key.js';

/**
 * The schema of one partition file, as ordered migrations. Column names follow the ClickHouse
 * exporter's (TraceId, SpanId, ServiceName, SpanAttributes…) so an export maps one to one.
 * Times are BIGINT nanoseconds since the epoch (ClickHouse's DateTime64(9) holds the same number).
 * Attribute maps, events, links, buckets and exemplars are JSON text: measured against
 * MAP(VARCHAR, VARCHAR) on 200k rows, appending JSON was ~20x faster (0.4 s vs 9 s) for an
 * attribute filter within ~1.5x (see README, "What was measured").
 * No PRIMARY KEY / UNIQUE: a constraint violation would invalidate a whole appender chunk.
 */
interface Migration {
  version: number;
  statements: (catalog: string) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (c) => [
      `CREATE TABLE ${c}.partition_info (CreatedMs BIGINT NOT NULL)`,
      `CREATE TABLE ${c}.spans (
        Timestamp BIGINT NOT NULL, TraceId VARCHAR NOT NULL, SpanId VARCHAR NOT NULL, ParentSpanId VARCHAR NOT NULL,
        TraceState VARCHAR, SpanName VARCHAR NOT NULL, SpanKind UTINYINT NOT NULL, ServiceName VARCHAR NOT NULL,
        Duration BIGINT NOT NULL, StatusCode UTINYINT NOT NULL, StatusMessage VARCHAR,
        HttpRoute VARCHAR, HttpStatusCode USMALLINT, ScopeName VARCHAR, ScopeVersion VARCHAR,
        ResourceAttributes VARCHAR, SpanAttributes VARCHAR, Events VARCHAR, Links VARCHAR)`,
      `CREATE TABLE ${c}.logs (
        Seq BIGINT NOT NULL, Timestamp BIGINT NOT NULL, ObservedTimestamp BIGINT, TraceId VARCHAR, SpanId VARCHAR,
        TraceFlags UINTEGER, SeverityText VARCHAR, SeverityNumber UTINYINT NOT NULL, ServiceName VARCHAR NOT NULL,
        Body VARCHAR, BodyIsJson BOOLEAN NOT NULL, ScopeName VARCHAR, ScopeVersion VARCHAR,
        ResourceAttributes VARCHAR, LogAttributes VARCHAR)`,
      `CREATE TABLE ${c}.metric_points (
        Timestamp BIGINT NOT NULL, StartTimestamp BIGINT, ServiceName VARCHAR NOT NULL, MetricName VARCHAR NOT NULL,
        MetricType VARCHAR NOT NULL, MetricUnit VARCHAR, MetricDescription VARCHAR, ScopeName VARCHAR, ScopeVersion VARCHAR,
        ResourceAttributes VARCHAR, Attributes VARCHAR NOT NULL, Flags UINTEGER, Value DOUBLE, Count UBIGINT,
        Sum DOUBLE, Min DOUBLE, Max DOUBLE, IsMonotonic BOOLEAN, AggregationTemporality UTINYINT,
        Detail VARCHAR, Exemplars VARCHAR)`,
    ],
  },
  {
    version: 2,
    statements: (c) => [
      `ALTER TABLE ${c}.logs ADD COLUMN EventName VARCHAR`,
      `CREATE TABLE ${c}.scrape_samples (
        Timestamp BIGINT NOT NULL, Target VARCHAR NOT NULL, Job VARCHAR, MetricName VARCHAR NOT NULL,
        MetricType VARCHAR, Labels VARCHAR NOT NULL, Value DOUBLE NOT NULL, Exemplars VARCHAR)`,
    ],
  },
  {
    version: 3,
    // Exceptions from span events and log records, fingerprinted at ingest (exception-rows.ts):
    // error groups are an aggregation over this narrow table, never a scan of span JSON.
    statements: (c) => [
      `CREATE TABLE ${c}.exceptions (
        Timestamp BIGINT NOT NULL, ServiceName VARCHAR NOT NULL, Fingerprint VARCHAR NOT NULL,
        ExceptionType VARCHAR NOT NULL, ExceptionMessage VARCHAR, Stacktrace VARCHAR,
        TraceId VARCHAR NOT NULL, SpanId VARCHAR NOT NULL, HttpRoute VARCHAR, Source VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 4,
    // The trace key (trace-key.ts): lookups by trace id read it before the id. Rows written
    // before get theirs here, so every query can filter on it.
    statements: (c) => [
      `ALTER TABLE ${c}.spans ADD COLUMN TraceKey UINTEGER`,
      `UPDATE ${c}.spans SET TraceKey = ${traceKeySql('TraceId')}`,
    ],
  },
  {
    version: 5,
    // A scraped family's HELP and (OpenMetrics) UNIT, on each of its samples as metric_points
    // keeps an OTLP metric's description and unit: the metric list reads them from the same rows.
    // Repeated per sample, they cost little on disk (DuckDB stores a column's repeats once per block).
    statements: (c) => [
      `ALTER TABLE ${c}.scrape_samples ADD COLUMN MetricDescription VARCHAR`,
      `ALTER TABLE ${c}.scrape_samples ADD COLUMN MetricUnit VARCHAR`,
    ],
  },
  {
    version: 6,
    // The release an exception happened in (the resource's service.version): an error group's
    // first and latest versions. Rows written before have none.
    statements: (c) => [`ALTER TABLE ${c}.exceptions ADD COLUMN ServiceVersion VARCHAR`],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function schemaVersion(connection: DuckDBConnection, catalog: string): Promise<number> {
  const exists = await connection.runAndReadAll(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = 'schema_version'`,
    [catalog],
  );
  if (Number(exists.getRows()[0]?.[0] ?? 0) === 0) return 0;
  const result = await connection.runAndReadAll(`SELECT coalesce(max(Version), 0) FROM ${catalog}.schema_version`);
  return Number(result.getRows()[0]?.[0] ?? 0);
}

/**
 * Brings a partition to `target` (the latest by default), one transaction per migration so a
 * crash mid-way leaves the file at a known version. Returns the version it started from.
 * `catalog` is one of our own partition aliases, never user input.
 */
export async function migrate(connection: DuckDBConnection, catalog: string, nowMs: number, target = SCHEMA_VERSION): Promise<number> {
  const from = await schemaVersion(connection, catalog);
  if (from > SCHEMA_VERSION) {
    throw new Error(`partition ${catalog} has schema version ${from}, newer than this console's ${SCHEMA_VERSION}: upgrade Sightline`);
  }
  if (from === 0) {
    // IF NOT EXISTS: a crash right after this statement leaves the table empty (version 0).
    await connection.run(`CREATE TABLE IF NOT EXISTS ${catalog}.schema_version (Version INTEGER NOT NULL, AppliedMs BIGINT NOT NULL)`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > target) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements(catalog)) await connection.run(statement);
      if (migration.version === 1) await connection.run(`INSERT INTO ${catalog}.partition_info VALUES (?)`, [BigInt(nowMs)]);
      await connection.run(`INSERT INTO ${catalog}.schema_version VALUES (?, ?)`, [migration.version, BigInt(nowMs)]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
  return from;
}
