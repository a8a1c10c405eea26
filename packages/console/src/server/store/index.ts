export { type AppendOptions, openStore, type Store } from './client.js';
export {
  QueryCancelledError,
  StoreClosedError,
  StoreConfigError,
  StoreError,
  StoreOpenError,
  StoreOverloadedError,
  StoreQueryError,
  StoreWorkerCrashedError,
  StoreWriteError,
} from './errors.js';
export type { ExceptionRow } from './exception-rows.js';
export { EXPORT_TABLES, type ExportedFile, type ExportTable, type ParquetExport } from './export-tables.js';
export { DEFAULT_MAX_SIZE, parseDuration, parseSize, type StoreOptions } from './options.js';
export type * from './queries.js';
export type { StoreQueries } from './query-methods.js';
export type * from './rows.js';
