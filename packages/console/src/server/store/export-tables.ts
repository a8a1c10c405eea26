/**
 * The tables `exportParquet` writes, one Parquet file each (`<table>.parquet`). Column names are
 * the store's (the ClickHouse exporter's), so a file loads into ClickHouse or any Parquet reader
 * as is. The telemetry tables hold the rows with `Timestamp` in the window; the console's own
 * records (RECORD_TABLES) the alert episodes and incidents that were open at some time in it
 * (times in epoch milliseconds), and the timeline events of those incidents.
 */
const TELEMETRY_TABLES = ['spans', 'logs', 'metric_points', 'scrape_samples', 'exceptions'] as const;
const RECORD_TABLES = ['alert_episodes', 'incidents', 'incident_events'] as const;
export const EXPORT_TABLES = [...TELEMETRY_TABLES, ...RECORD_TABLES] as const;
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
