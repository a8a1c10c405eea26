import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import { EXPORT_TABLES, type ExportedFile, type ExportTable, type ParquetExport } from '../export-tables.js';
import { EPISODES_TABLE } from './alert-episodes.js';
import type { PartitionSet } from './partitions.js';
import { Params, unionAll } from './sql.js';
import { SPAN_DATA_COLUMNS } from './trace-key.js';

/**
 * A path spliced into `COPY … TO '<path>'` (COPY takes no parameter for its target). It is ours
 * (a temp dir), but checked anyway: absolute, no quote, backslash or control character; and the
 * literal escapes quotes regardless.
 */
function targetLiteral(dir: string, file: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!isAbsolute(dir) || /['"\\\u0000-\u001f\u007f]/.test(dir)) {
    throw new StoreQueryError(`export directory ${JSON.stringify(dir)}: expected an absolute path without quotes or control characters`);
  }
  return `'${join(dir, file).replaceAll("'", "''")}'`;
}

/** A telemetry table's rows with Timestamp in the window, across the partitions that hold any, by time. */
function telemetryQuery(table: ExportTable, params: Params, args: ParquetExport, partitions: PartitionSet): string {
  const overlapping = partitions.overlapping(args.since, args.until);
  const columns = table === 'spans' ? SPAN_DATA_COLUMNS : '*';
  if (overlapping.length === 0) return `SELECT ${columns} FROM ${partitions.active.name}.${table} LIMIT 0`;
  const where: string[] = [];
  if (args.since !== undefined) where.push(`Timestamp >= ${params.add(args.since)}`);
  if (args.until !== undefined) where.push(`Timestamp <= ${params.add(args.until)}`);
  return `SELECT * FROM (${unionAll(overlapping, table, columns, where)}) ORDER BY Timestamp`;
}

const NS_PER_MS = 1_000_000n;

/**
 * The console's own records open at some time in the window (they start before its end and had
 * not ended before its start; times in epoch ms), and the timeline of those incidents; undefined
 * for a telemetry table.
 */
function recordQuery(table: ExportTable, params: Params, args: ParquetExport): string | undefined {
  const overlap = (start: string, end: string) => {
    const where = ['true'];
    if (args.until !== undefined) where.push(`${start} <= ${params.add(args.until / NS_PER_MS)}`);
    if (args.since !== undefined) where.push(`(${end} IS NULL OR ${end} >= ${params.add(args.since / NS_PER_MS)})`);
    return where.join(' AND ');
  };
  switch (table) {
    case 'alert_episodes':
      return `SELECT * FROM ${EPISODES_TABLE} WHERE ${overlap('StartMs', 'EndMs')} ORDER BY StartMs, Key`;
    case 'incidents':
      return `SELECT * FROM incidents WHERE ${overlap('CreatedMs', 'ResolvedMs')} ORDER BY Id`;
    case 'incident_events':
      return `SELECT e.* FROM incident_events e SEMI JOIN (SELECT Id FROM incidents WHERE ${overlap('CreatedMs', 'ResolvedMs')}) i ON e.IncidentId = i.Id
        ORDER BY e.IncidentId, e.Seq`;
    default:
      return undefined;
  }
}

/**
 * Writes each table's rows in [since, until] to `<dir>/<table>.parquet` (ZSTD), ordered by
 * Timestamp, with DuckDB's COPY: the rows never cross into JavaScript. A table with no rows in
 * the window still gets a file with its columns (an empty Parquet file), so a reader's schema
 * never depends on the data.
 */
export async function exportParquet(connection: DuckDBConnection, partitions: PartitionSet, args: ParquetExport): Promise<ExportedFile[]> {
  const tables = args.tables ?? EXPORT_TABLES;
  const files: ExportedFile[] = [];
  for (const table of tables) {
    if (!EXPORT_TABLES.includes(table)) throw new StoreQueryError(`export: unknown table ${JSON.stringify(table)}`);
    const file = `${table}.parquet`;
    const target = targetLiteral(args.dir, file);
    const params = new Params();
    const query = recordQuery(table, params, args) ?? telemetryQuery(table, params, args, partitions);
    const result = await connection.run(
      `COPY (${query}) TO ${target} (FORMAT PARQUET, COMPRESSION ZSTD)`,
      params.values,
      params.types as DuckDBType[],
    );
    files.push({ table, file, rows: Number(result.rowsChanged), bytes: statSync(join(args.dir, file)).size });
  }
  return files;
}
