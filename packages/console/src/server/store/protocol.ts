import type { OtlpFormat, OtlpSignal } from '@sightline/otlp';
import type { WireError } from './errors.js';
import type { ExceptionRow } from './exception-rows.js';
import type { ParquetExport } from './export-tables.js';
import type { IncidentChange, IncidentDeclaration, IncidentQuery } from './incidents.js';
import type { WorkerConfig } from './options.js';
import type {
  AlertEpisodeChange,
  AlertEpisodeQuery,
  ErrorGroupQuery,
  ErrorGroupStatusChange,
  ErrorOccurrenceQuery,
  LogSearch,
  LogVolumeQuery,
  MetricPointsQuery,
  MetricQuantilesQuery,
  MetricSeriesQuery,
  RedQuery,
  RedSeriesQuery,
  SloCountsQuery,
  TraceLookup,
  TraceSearch,
  TraceView,
} from './queries.js';
import type { LogRow, MetricPointRow, ScrapeSampleRow, SpanRow } from './rows.js';

/** Messages between the main-thread client and the worker that owns DuckDB. */

export type AppendTable = 'spans' | 'logs' | 'metricPoints' | 'scrapeSamples' | 'exceptions';

export interface AppendRowsByTable {
  spans: SpanRow[];
  logs: LogRow[];
  metricPoints: MetricPointRow[];
  scrapeSamples: ScrapeSampleRow[];
  exceptions: ExceptionRow[];
}

/** A table's rows as column arrays (worker/prepare-rows.ts), what the writer appends. */
export interface PreparedAppend {
  readonly table: AppendTable;
  readonly rows: number;
  /** One array per column in table order (logs: after Seq, which the writer numbers); null is NULL. */
  readonly columns: unknown[][];
  /** The rows' event times (the first column), for the partition's time range. */
  readonly minTime: bigint | null;
  readonly maxTime: bigint | null;
}

export interface QueryArgs {
  trace: TraceLookup;
  traceJson: TraceLookup & { view?: TraceView };
  searchTraces: TraceSearch;
  logs: LogSearch;
  logVolume: LogVolumeQuery;
  red: RedQuery;
  redByService: RedQuery;
  dependencies: RedQuery;
  redSeries: RedSeriesQuery;
  sloCounts: SloCountsQuery;
  errorGroups: ErrorGroupQuery;
  errorOccurrences: ErrorOccurrenceQuery;
  errorFirstSeen: { fingerprint: string };
  /** The alert history's changes of a round, with the client's clock (ended episodes past retention are dropped). */
  recordAlertEpisodes: { change: AlertEpisodeChange; nowMs: number };
  alertEpisodes: AlertEpisodeQuery;
  /** A user's triage of a group, with the client's clock (a resolve covers what was seen until then). */
  setErrorStatus: { fingerprint: string; status: ErrorGroupStatusChange; nowMs: number };
  /** A new incident, with the client's clock; answers its id. */
  declareIncident: { declaration: IncidentDeclaration; nowMs: number };
  /** A change to an incident, said on its timeline; answers false when there is no such incident. */
  changeIncident: { id: number; change: IncidentChange; nowMs: number };
  incidents: IncidentQuery;
  incident: { id: number };
  metricNames: Record<string, never>;
  metricSeries: MetricSeriesQuery;
  metricPoints: MetricPointsQuery;
  metricQuantiles: MetricQuantilesQuery;
  stats: Record<string, never>;
  rowCounts: Record<string, never>;
  exportParquet: ParquetExport;
  /** Retention by age and rotation by time, with the client's clock. */
  maintain: { nowMs: number };
}
export type QueryKind = keyof QueryArgs;

export type ToWorker =
  | { type: 'append'; id: number; table: AppendTable; rows: AppendRowsByTable[AppendTable] }
  /** An OTLP request's body, decoded in the worker (off the main thread); transferred, not copied. */
  | { type: 'ingest'; id: number; signal: OtlpSignal; format: OtlpFormat; body: Uint8Array }
  | { type: 'query'; id: number; kind: QueryKind; args: QueryArgs[QueryKind] }
  /** The query sent with `id` is no longer wanted (its caller went away). */
  | { type: 'cancel'; id: number }
  | { type: 'close'; id: number };

export type FromWorker =
  | { type: 'ready'; commitsAtOpen: number }
  | { type: 'openFailed'; error: WireError }
  | { type: 'committed'; ids: number[] }
  /** Sent before `committed` when a decoded request had invalid items (OTLP partial success). */
  | { type: 'partial'; id: number; rejected: number; errorMessage: string }
  | { type: 'writeFailed'; ids: number[]; error: WireError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'closed'; id: number };

export interface WorkerData {
  config: WorkerConfig;
  nowMs: number;
}
