import type { Attributes, AttributeValue, ExemplarRow, SpanEventRow, SpanLinkRow } from './rows.js';

/** Query inputs and results. Times are bigint nanoseconds since the Unix epoch. */

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: number;
  serviceName: string;
  startTimeUnixNano: bigint;
  durationNano: bigint;
  statusCode: number;
  statusMessage: string;
  httpRoute: string | null;
  httpStatusCode: number | null;
  scopeName: string;
  scopeVersion: string;
  resourceAttributes: Attributes;
  attributes: Attributes;
  events: SpanEventRow[];
  links: SpanLinkRow[];
  /** Error groups of the exceptions recorded on this span (span events), fingerprinted at ingest. */
  errorFingerprints: string[];
}

/** Where a trace's spans start (unix ns, inclusive), when known: a hint that bounds the rows read. */
export interface TimeHint {
  since?: bigint;
  until?: bigint;
}

export interface TraceLookup extends TimeHint {
  traceId: string;
}

/** `detail`: every field of every span; `outline`: the fields a waterfall draws, a fraction of the bytes. */
export type TraceView = 'detail' | 'outline';

/** A span's kind, by its OTLP name. */
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/**
 * The span filters (service, route, kind, status=error, minDurationMs, attributes) all hold for
 * one span of a trace (Jaeger's search): `service: 'payments', status: 'error'` finds traces with
 * a failed payments span, whatever their root.
 */
export interface TraceSearch {
  service?: string;
  /** Matches the span's http.route or its name. */
  route?: string;
  /** The span's kind: `server` narrows to the requests a service answered (what its RED counts). */
  kind?: SpanKindName;
  /** error: a span of the trace has status error; ok: none has. */
  status?: 'error' | 'ok';
  /** A matching span lasts at least this long. */
  minDurationMs?: number;
  /** The whole trace (first span start to last span end) lasts at most this long. */
  maxDurationMs?: number;
  /** Each entry must equal the span attribute's value (compared as text). */
  attributes?: Record<string, string>;
  since?: bigint;
  until?: bigint;
  /** Default 20, at most 1000. */
  limit?: number;
}

export interface TraceSummary {
  traceId: string;
  rootServiceName: string | null;
  rootName: string | null;
  /** The root span's `http.response.status_code`: null when it is not an HTTP server span that answered. */
  rootStatusCode: number | null;
  startTimeUnixNano: bigint;
  durationNano: bigint;
  spanCount: number;
  errorCount: number;
  /** The services with spans in the trace and how many each, by name. */
  services: { service: string; spans: number }[];
}

export interface LogSearch {
  traceId?: string;
  service?: string;
  minSeverity?: number;
  /** Case-insensitive substring of the body. */
  contains?: string;
  /** Each entry must equal the log record's attribute value (compared as text), as TraceSearch's for spans. */
  attributes?: Record<string, string>;
  since?: bigint;
  until?: bigint;
  /** Live tail: only logs stored after this cursor, oldest first. */
  afterCursor?: bigint;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** Log lines per time bucket and severity over a window, with LogSearch's filters. */
export interface LogVolumeQuery extends Pick<LogSearch, 'traceId' | 'service' | 'minSeverity' | 'contains' | 'attributes'> {
  since: bigint;
  until: bigint;
  /** Bucket width in ms. */
  bucketMs: number;
}

/** One bucket's lines by severity range (OpenTelemetry's SeverityNumber: 1-4 trace … 21-24 fatal; 0 unspecified). */
export interface LogVolumeBucket {
  /** Bucket start, ms since the epoch. */
  timeMs: number;
  unspecified: number;
  trace: number;
  debug: number;
  info: number;
  warn: number;
  error: number;
  fatal: number;
}

export interface StoredLog {
  /** Monotonic ingest sequence: pass the last one back as `afterCursor` to tail. */
  cursor: bigint;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint | null;
  traceId: string;
  spanId: string;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  eventName: string;
  serviceName: string;
  scopeName: string;
  resourceAttributes: Attributes;
  attributes: Attributes;
}

export interface RedQuery {
  since: bigint;
  until: bigint;
  service?: string;
}

/** One caller → callee edge of the dependency graph over a window. */
export interface ServiceEdge {
  /** The calling service. */
  source: string;
  /** The called service, or a database (`db.system.name`, then `db.namespace` when set). */
  target: string;
  targetKind: 'service' | 'database';
  calls: number;
  /** Calls whose callee span (or client span, for a database) has status error. */
  errors: number;
  /** p95 of the callee's span duration (the client span's for a database). */
  p95Ms: number;
}

/** Rate, errors, duration of server/consumer spans per service and route. */
export interface RedRow {
  serviceName: string;
  route: string;
  requests: number;
  /** Requests per second over the window (from the first request stored in it, when that is later). */
  ratePerSecond: number;
  /**
   * Requests per second over the window's last 5 minutes (from the first request stored, when that
   * is later): the current rate, which a service down for most of the window does not dilute.
   */
  recentRatePerSecond: number;
  errors: number;
  errorRatio: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface MetricName {
  name: string;
  type: string;
  unit: string;
  description: string;
  source: 'otlp' | 'scrape';
}

export interface MetricSeriesQuery {
  name: string;
  since?: bigint;
  until?: bigint;
  limit?: number;
}

export interface MetricSeries {
  serviceName: string;
  attributes: Attributes;
  points: number;
}

export interface MetricPointsQuery {
  name: string;
  /** Only this service's series (an OTLP resource's service.name; a scrape target's job). */
  service?: string;
  /** Only the series whose attributes contain every one of these (compared as text). */
  attributes?: Record<string, string>;
  since?: bigint;
  until?: bigint;
  /** Only the first N series, in metricSeries' order (service, then attributes). */
  maxSeries?: number;
  /** At most this many points (default 1,000): the newest, returned oldest first. */
  limit?: number;
}

export interface MetricQuantilesQuery {
  /**
   * A scraped histogram's `_bucket` samples (e.g. `http_server_request_duration_seconds_bucket`),
   * or an OTLP histogram, explicit or exponential (e.g. `http.server.request.duration`).
   */
  name: string;
  /** Only this service's series (a scrape job's, or its target's when it has no job). */
  service?: string;
  /** Only the label sets that contain every one of these; `le` is ignored (every bucket is needed). */
  attributes?: Record<string, string>;
  since?: bigint;
  until?: bigint;
  /** Each in (0, 1), e.g. 0.5, 0.95, 0.99. */
  quantiles: number[];
}

export interface MetricQuantiles {
  /** The step increases are summed over: the median gap between a series' points (>= 1 s); 0 when nothing was found. */
  stepMs: number;
  /** Each step's end, ms since the epoch, oldest first: steps with an increase (two points of a cumulative series, or a delta point). */
  times: number[];
  /** One line per quantile asked for, a value per time; null where the step saw no observation. */
  lines: (number | null)[][];
  /** The window's exemplars, once each, oldest first. */
  exemplars: ExemplarRow[];
}

export interface StoredMetricPoint {
  serviceName: string;
  name: string;
  type: string;
  attributes: Attributes;
  timeUnixNano: bigint;
  /** gauge/sum value, or sum of a histogram/summary; scrape samples carry their value. */
  value: number | null;
  count: number | null;
  /** Of a histogram, the least and greatest value it observed, when the exporter gave them. */
  min: number | null;
  max: number | null;
  /** Histogram and summary detail as stored (buckets, bounds, quantiles). */
  detail: Record<string, unknown> | null;
  exemplars: ExemplarRow[];
  source: 'otlp' | 'scrape';
  /** Of sums and distributions: delta (each point counts its own interval) or cumulative (since start). */
  temporality: 'delta' | 'cumulative' | null;
  /** The start of the point's interval (OTLP start_time_unix_nano), when given. */
  startTimeUnixNano: bigint | null;
  /** Of a sum (and a scraped counter or histogram sample): whether it only goes up (a counter) or not (an up-down counter); null otherwise. */
  monotonic: boolean | null;
}

export interface PartitionStats {
  name: string;
  bytes: number;
  rows: number;
  minTimeUnixNano: bigint | null;
  maxTimeUnixNano: bigint | null;
  active: boolean;
  /** A sealed partition's trace-id filter is built: lookups by id skip it when it cannot hold the trace. */
  traceIdFilter: boolean;
}

export interface StoreStats {
  mode: 'file' | 'memory';
  /** Main file + partition files + their WALs, measured with fs.stat. 0 in memory mode. */
  bytesOnDisk: number;
  partitions: PartitionStats[];
  rows: { spans: number; logs: number; metricPoints: number; scrapeSamples: number };
  commits: number;
  /** Queries cancelled because their caller went away: before they started, and while they ran. */
  cancelledQueries: { skipped: number; stopped: number };
  /** The last failure of rotation or retention after a commit, if any (they are retried). */
  lastMaintenanceError: string | null;
  queuedRows: number;
  queuedBytes: number;
  memory: StoreMemory;
}

/**
 * Where the console's memory is, in bytes: what its RSS is made of. DuckDB's figures are its
 * buffer manager's (`duckdb_memory()`); allocations outside it (the appenders' chunks, the
 * catalog) are in the RSS only.
 */
export interface StoreMemory {
  /** The whole process (main thread, store worker, DuckDB). */
  rssBytes: number;
  /** RSS split (Linux, else null): anonymous memory (heaps, arenas, stacks) and mapped files (node's and DuckDB's code). */
  rssAnonBytes: number | null;
  rssFileBytes: number | null;
  /** V8 heap in use, main thread and store worker. */
  mainHeapBytes: number;
  workerHeapBytes: number;
  /** V8 heap committed (in use plus what V8 keeps for the next allocations), main thread and store worker. */
  mainHeapCommittedBytes: number;
  workerHeapCommittedBytes: number;
  /** ArrayBuffers and other memory V8 objects hold outside the heap, main thread and store worker. */
  mainExternalBytes: number;
  workerExternalBytes: number;
  /** DuckDB's buffer manager: in memory, and spilled to temporary files. */
  duckdbBytes: number;
  duckdbTemporaryBytes: number;
  /** DuckDB's memory_limit: what its buffer manager (its cache of data blocks included) may fill. */
  duckdbLimitBytes: number;
  /** The largest users of DuckDB's memory by tag (`duckdb_memory()`), largest first. */
  duckdbByTag: { tag: string; bytes: number }[];
  /** Freed memory given back to the system (MemoryTrim): how often, and the time it took. */
  trims: { count: number; totalMs: number };
}

/** What the store worker answers to `stats`: the client adds its queue and the main thread's memory. */
export type WorkerStats = Omit<StoreStats, 'queuedRows' | 'queuedBytes' | 'memory'> & {
  memory: Omit<
    StoreMemory,
    'rssBytes' | 'rssAnonBytes' | 'rssFileBytes' | 'mainHeapBytes' | 'mainHeapCommittedBytes' | 'mainExternalBytes'
  >;
};

/** RED per service in time buckets, for sparklines. */
export interface RedSeriesQuery {
  since: bigint;
  until: bigint;
  /** Bucket width in ms. */
  bucketMs: number;
  service?: string;
}

export interface RedSeriesPoint {
  serviceName: string;
  /** Bucket start, ms since the epoch. */
  bucketMs: number;
  requests: number;
  errors: number;
  p95Ms: number;
}

/**
 * Good and bad requests of one service (server spans) in fixed time buckets: what an SLO's
 * availability or latency SLI counts. `routes`/`methods` empty: all of them.
 */
export interface SloCountsQuery {
  service: string;
  routes: string[];
  methods: string[];
  /** Latency SLI: requests slower than this are bad. Absent: availability (5xx answers are bad). */
  thresholdNs?: bigint;
  since: bigint;
  until: bigint;
  bucketNs: bigint;
}

export interface SloBucket {
  /** Bucket start, ns since the epoch. */
  startNs: bigint;
  total: number;
  bad: number;
}

/**
 * Where a group stands in triage. `regressed`: resolved, then seen again after the resolve (a
 * state of its own, not a stored one: the resolve is kept and the newer occurrence shows it).
 */
export type ErrorGroupStatus = 'unresolved' | 'regressed' | 'resolved' | 'ignored';
/** Most occurrences first (the default), the most recently seen first, or the newest groups first. */
export type ErrorGroupSort = 'count' | 'lastSeen' | 'firstSeen';
/** What a user can set; `unresolved` reopens a resolved or ignored group. */
export type ErrorGroupStatusChange = 'unresolved' | 'resolved' | 'ignored';

export interface ErrorGroupQuery {
  since?: bigint;
  until?: bigint;
  service?: string;
  fingerprint?: string;
  /** Only groups in this state; `unresolved` includes `regressed` (both want a look). Default: all. */
  status?: ErrorGroupStatus;
  sort?: ErrorGroupSort;
  /** Default 100, at most 1000. */
  limit?: number;
  /** Bucket width of the per-group counts (sparklines), ms. Default 1 hour. */
  bucketMs?: number;
}

/** An error group: exceptions of one fingerprint from span events and log records. */
export interface StoredErrorGroup {
  fingerprint: string;
  type: string;
  /** The message of the first occurrence in the window. */
  message: string;
  /** Occurrences; one exception reported both as a span event and a log record of that span counts once. */
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  services: string[];
  routes: string[];
  sampleStack: string | null;
  buckets: { bucketMs: number; count: number }[];
  /** The service.version of its first and latest occurrence in the window (null: none carried one), and every one it was seen in. */
  firstVersion: string | null;
  lastVersion: string | null;
  versions: string[];
  status: ErrorGroupStatus;
  /** When a user last set its status (ms), null when nobody has. */
  statusChangedMs: number | null;
}

/**
 * Where a page of occurrences starts: after this occurrence, in their order (newest first, then
 * by key), so occurrences of the same nanosecond are neither skipped nor repeated.
 */
export interface ErrorOccurrenceCursor {
  timeUnixNano: bigint;
  key: string;
}

export interface ErrorOccurrenceQuery {
  fingerprint: string;
  /** Default 20, at most 1000. */
  limit?: number;
  /** Only occurrences older than this one (a page's last): the next page. */
  before?: ErrorOccurrenceCursor;
}

export interface ErrorOccurrence {
  /**
   * The occurrence's identity, stable across queries: an md5 of its trace and stack (of its one
   * row, for an exception outside any span). With `timeUnixNano`, the cursor of the page after it.
   */
  key: string;
  traceId: string;
  spanId: string;
  timeUnixNano: bigint;
  serviceName: string;
  route: string | null;
  /** The service.version it happened in, when its resource said. */
  serviceVersion: string | null;
  message: string;
  /** Where it was recorded: span exception events, log records, or both. */
  sources: ('span' | 'log')[];
  /** Recordings of this one throw (every span it unwound through, and its log lines). */
  recordings: number;
}

/** An episode of an alert: from when the console's evaluation first called for it to when it stopped (null: still firing). */
export interface AlertEpisode {
  /** The alert's identity: its label set, as JSON. */
  key: string;
  alertname: string;
  summary: string;
  labels: Record<string, string>;
  /** The console page it links to. */
  path: string | null;
  startMs: number;
  endMs: number | null;
}

export interface AlertEpisodeChange {
  started: Omit<AlertEpisode, 'endMs'>[];
  ended: { key: string; endMs: number }[];
}

export interface AlertEpisodeQuery {
  /** Only the episodes still open. */
  open?: boolean;
  /** Only the episodes of these alerts (by key). */
  keys?: string[];
  /** Default 100, at most 1000. */
  limit?: number;
}
