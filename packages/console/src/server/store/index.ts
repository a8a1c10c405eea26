export { type AppendOptions, type IngestOptions, openStore, type Store } from './client.js';
export { DEFAULT_MAX_SIZE, DEFAULT_MEMORY_LIMIT, DEFAULT_RETENTION } from './defaults.js';
export {
  type ConfigIssue,
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
export {
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentChange,
  type IncidentDeclaration,
  type IncidentEvent,
  type IncidentQuery,
  type IncidentSeverity,
  type IncidentStatus,
} from './incidents.js';
export { checkStoreOptions, parseDuration, parseSize, type StoreOptions } from './options.js';
export type * from './queries.js';
export type { StoreQueries } from './query-methods.js';
export type * from './rows.js';
