import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import { EXPORT_TABLES, type ExportedFile, type ParquetExport } from '../export-tables.js';
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

/**
 * Writes each table's rows in [since, until] to `<dir>/<table>.parquet` (ZSTD), ordered by
 * Timestamp, with DuckDB's COPY: the rows never cross into JavaScript. A table with no rows in
 * the window still gets a file with its columns (an empty Parquet file), so a reader's schema
 * never depends on the data.
 */
export async function exportParquet(connection: DuckDBConnection, partitions: PartitionSet, args: ParquetExport): Promise<ExportedFile[]> {
  const tables = args.tables ?? EXPORT_TABLES;
  const overlapping = partitions.overlapping(args.since, args.until);
  const files: ExportedFile[] = [];
  for (const table of tables) {
    if (!EXPORT_TABLES.includes(table)) throw new StoreQueryError(`export: unknown table ${JSON.stringify(table)}`);
    const file = `${table}.parquet`;
    const target = targetLiteral(args.dir, file);
    const params = new Params();
    const where: string[] = [];
    if (args.since !== undefined) where.push(`Timestamp >= ${params.add(args.since)}`);
    if (args.until !== undefined) where.push(`Timestamp <= ${params.add(args.until)}`);
    const columns = table === 'spans' ? SPAN_DATA_COLUMNS : '*';
    const source =
      overlapping.length > 0
        ? unionAll(overlapping, table, columns, where)
        : `SELECT ${columns} FROM ${partitions.active.name}.${table} LIMIT 0`;
    const result = await connection.run(
      `COPY (SELECT * FROM (${source}) ORDER BY Timestamp) TO ${target} (FORMAT PARQUET, COMPRESSION ZSTD)`,
      overlapping.length > 0 ? params.values : [],
      overlapping.length > 0 ? (params.types as DuckDBType[]) : [],
    );
    files.push({ table, file, rows: Number(result.rowsChanged), bytes: statSync(join(args.dir, file)).size });
  }
  return files;
}
