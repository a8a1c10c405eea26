export { QUANTILE_WINDOW, registerApmMetrics } from './apm-metrics.js';
export { type Apm, type ApmSetupOptions, createApm } from './create-apm.js';
export { BUCKET_COUNT, MAX_RELATIVE_ERROR } from './latency-buckets.js';
export { APM_WINDOWS, type ApmWindow, type RouteSummary } from './route-record.js';
export {
  runTransaction,
  TRANSACTION_RESULT_ATTRIBUTE,
  TRANSACTION_TYPE_ATTRIBUTE,
  Transaction,
  type TransactionOptions,
} from './transaction.js';
export { TransactionStats, type TransactionStatsOptions } from './transaction-stats.js';
