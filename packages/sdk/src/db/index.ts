export { instrumentPool } from './instrument-pool.js';
export type { InstrumentPoolOptions } from './pool-options.js';
export { describeQuery, type QueryInfo } from './query-info.js';
export { sanitizeSql } from './sanitize-sql.js';
export { type SqlSummary, summarizeSql } from './summarize-sql.js';
