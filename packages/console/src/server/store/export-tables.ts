/**
 * The tables `exportParquet` writes, one Parquet file each (`<table>.parquet`). Column names are
 * the store's (the ClickHouse exporter's), so a file loads into ClickHouse or any Parquet reader
 * as is.
 */
export const EXPORT_TABLES = ['spans', 'logs', 'metric_points', 'scrape_samples', 'exceptions'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface ParquetExport {
  /** Rows with Timestamp in [since, until] (Unix nanoseconds); open-ended when absent. */
  since?: bigint;
  until?: bigint;
  /**
   * An existing directory the files are written into: created by the caller (a temp dir), never
   * text from a request. Must be absolute, without quotes or control characters.
   */
  dir: string;
  /** Default: every table of EXPORT_TABLES. */
  tables?: readonly ExportTable[];
}

export interface ExportedFile {
  table: ExportTable;
  /** The file's name inside `dir`: `<table>.parquet`. */
  file: string;
  rows: number;
  bytes: number;
}
