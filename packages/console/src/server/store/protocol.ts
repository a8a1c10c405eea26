import type { WireError } from './errors.js';
import type { WorkerConfig } from './options.js';
import type { LogSearch, MetricPointsQuery, MetricSeriesQuery, RedQuery, TraceSearch } from './queries.js';
import type { LogRow, MetricPointRow, ScrapeSampleRow, SpanRow } from './rows.js';

/** Messages between the main-thread client and the worker that owns DuckDB. */

export type AppendTable = 'spans' | 'logs' | 'metricPoints' | 'scrapeSamples';

export interface AppendRowsByTable {
  spans: SpanRow[];
  logs: LogRow[];
  metricPoints: MetricPointRow[];
  scrapeSamples: ScrapeSampleRow[];
}

export interface QueryArgs {
  trace: { traceId: string };
  traceJson: { traceId: string };
  searchTraces: TraceSearch;
  logs: LogSearch;
  red: RedQuery;
  metricNames: Record<string, never>;
  metricSeries: MetricSeriesQuery;
  metricPoints: MetricPointsQuery;
  stats: Record<string, never>;
  /** Retention by age and rotation by time, with the client's clock. */
  maintain: { nowMs: number };
}
export type QueryKind = keyof QueryArgs;

export type ToWorker =
  | { type: 'append'; id: number; table: AppendTable; rows: AppendRowsByTable[AppendTable] }
  | { type: 'query'; id: number; kind: QueryKind; args: QueryArgs[QueryKind] }
  | { type: 'close'; id: number };

export type FromWorker =
  | { type: 'ready'; commitsAtOpen: number }
  | { type: 'openFailed'; error: WireError }
  | { type: 'committed'; ids: number[] }
  | { type: 'writeFailed'; ids: number[]; error: WireError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'closed'; id: number };

export interface WorkerData {
  config: WorkerConfig;
  nowMs: number;
}
