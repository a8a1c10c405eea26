import { QueryCancelledError } from './errors.js';
import type { Incident, IncidentEvent, IncidentQuery } from './incidents.js';
import type { QueryArgs, QueryKind } from './protocol.js';
import type {
  AlertEpisode,
  AlertEpisodeQuery,
  ErrorGroupQuery,
  ErrorOccurrence,
  ErrorOccurrenceQuery,
  LogSearch,
  LogVolumeBucket,
  LogVolumeQuery,
  MetricName,
  MetricPointsQuery,
  MetricQuantiles,
  MetricQuantilesQuery,
  MetricSeries,
  MetricSeriesQuery,
  RedQuery,
  RedRow,
  RedSeriesPoint,
  RedSeriesQuery,
  ServiceEdge,
  SloBucket,
  SloCountsQuery,
  StoredErrorGroup,
  StoredLog,
  StoredMetricPoint,
  StoredSpan,
  TimeHint,
  TraceSearch,
  TraceSummary,
  TraceView,
} from './queries.js';

/** The store's read queries (what the API answers from). */
export interface StoreQueries {
  /** RED per service over a window (all routes together). */
  redByService(query: RedQuery): Promise<Omit<RedRow, 'route'>[]>;
  /** RED per service in time buckets (sparklines). */
  redSeries(query: RedSeriesQuery): Promise<RedSeriesPoint[]>;
  /** Who calls whom over a window: service → service and service → database, with calls, errors and p95. */
  dependencies(query: RedQuery): Promise<ServiceEdge[]>;
  /** Good and bad requests of a service in time buckets (an SLO's SLI). */
  sloCounts(query: SloCountsQuery): Promise<SloBucket[]>;
  errorGroups(query: ErrorGroupQuery): Promise<StoredErrorGroup[]>;
  /** One group's occurrences, newest first, a page at a time (`before` the previous page's last). */
  errorOccurrences(query: ErrorOccurrenceQuery): Promise<ErrorOccurrence[]>;
  /** When a group's first exception happened (ms), null when none is stored: reads one column, not the group. */
  errorFirstSeen(fingerprint: string): Promise<number | null>;
  /** The alert history, newest episode first. */
  alertEpisodes(query: AlertEpisodeQuery): Promise<AlertEpisode[]>;
  /** Incidents, newest first. */
  incidents(query: IncidentQuery): Promise<Incident[]>;
  /** One incident with its timeline (oldest entry first); null when there is none. */
  incident(id: number): Promise<{ incident: Incident; events: IncidentEvent[] } | null>;
  /**
   * Every span of a trace. `within` (the trace's first span start to last span end, as a search
   * summary gives) lets the store read only the rows of that time; when nothing is found there
   * every partition is read, so a wrong hint costs time, never spans.
   */
  trace(traceId: string, within?: TimeHint): Promise<StoredSpan[]>;
  /**
   * The same spans as a UTF-8 JSON array in the API's trace detail shape (`spanDetail` in
   * api/schemas.ts), or with `view: 'outline'` its outline (`spanOutline`), built in DuckDB and
   * transferred: for the API to send as is, with no object per span on either thread.
   */
  traceJson(traceId: string, within?: TimeHint, view?: TraceView): Promise<Uint8Array>;
  searchTraces(query: TraceSearch): Promise<TraceSummary[]>;
  logs(query: LogSearch): Promise<StoredLog[]>;
  /** Lines per time bucket and severity range over a window (the logs page's volume chart). */
  logVolume(query: LogVolumeQuery): Promise<LogVolumeBucket[]>;
  red(query: RedQuery): Promise<RedRow[]>;
  metricNames(): Promise<MetricName[]>;
  metricSeries(query: MetricSeriesQuery): Promise<MetricSeries[]>;
  metricPoints(query: MetricPointsQuery): Promise<StoredMetricPoint[]>;
  /** A histogram's quantiles per step (a scraped `_bucket` family or an OTLP histogram), as PromQL's histogram_quantile. */
  metricQuantiles(query: MetricQuantilesQuery): Promise<MetricQuantiles>;
}

/** The read queries, each one message to the worker; `query` decides how it is sent. */
export abstract class QueryMethods implements StoreQueries {
  protected abstract query<T, K extends QueryKind>(kind: K, args: QueryArgs[K]): Promise<T>;

  redByService(query: RedQuery): Promise<Omit<RedRow, 'route'>[]> {
    return this.query('redByService', query);
  }
  redSeries(query: RedSeriesQuery): Promise<RedSeriesPoint[]> {
    return this.query('redSeries', query);
  }
  dependencies(query: RedQuery): Promise<ServiceEdge[]> {
    return this.query('dependencies', query);
  }
  sloCounts(query: SloCountsQuery): Promise<SloBucket[]> {
    return this.query('sloCounts', query);
  }
  errorGroups(query: ErrorGroupQuery): Promise<StoredErrorGroup[]> {
    return this.query('errorGroups', query);
  }
  errorOccurrences(query: ErrorOccurrenceQuery): Promise<ErrorOccurrence[]> {
    return this.query('errorOccurrences', query);
  }
  errorFirstSeen(fingerprint: string): Promise<number | null> {
    return this.query('errorFirstSeen', { fingerprint });
  }
  alertEpisodes(query: AlertEpisodeQuery): Promise<AlertEpisode[]> {
    return this.query('alertEpisodes', query);
  }
  incidents(query: IncidentQuery): Promise<Incident[]> {
    return this.query('incidents', query);
  }
  incident(id: number): Promise<{ incident: Incident; events: IncidentEvent[] } | null> {
    return this.query('incident', { id });
  }
  trace(traceId: string, within?: TimeHint): Promise<StoredSpan[]> {
    return this.query('trace', { traceId, ...within });
  }
  traceJson(traceId: string, within?: TimeHint, view: TraceView = 'detail'): Promise<Uint8Array> {
    return this.query('traceJson', { traceId, ...within, view });
  }
  searchTraces(query: TraceSearch): Promise<TraceSummary[]> {
    return this.query('searchTraces', query);
  }
  logs(query: LogSearch): Promise<StoredLog[]> {
    return this.query('logs', query);
  }
  logVolume(query: LogVolumeQuery): Promise<LogVolumeBucket[]> {
    return this.query('logVolume', query);
  }
  red(query: RedQuery): Promise<RedRow[]> {
    return this.query('red', query);
  }
  metricNames(): Promise<MetricName[]> {
    return this.query('metricNames', {});
  }
  metricSeries(query: MetricSeriesQuery): Promise<MetricSeries[]> {
    return this.query('metricSeries', query);
  }
  metricPoints(query: MetricPointsQuery): Promise<StoredMetricPoint[]> {
    return this.query('metricPoints', query);
  }
  metricQuantiles(query: MetricQuantilesQuery): Promise<MetricQuantiles> {
    return this.query('metricQuantiles', query);
  }
}

/** How queries reach the worker: sent with an id, and cancelled by it. */
export interface QueryChannel {
  startQuery<T, K extends QueryKind>(kind: K, args: QueryArgs[K]): { id: number; answer: Promise<T> };
  /** Rejects the query with QueryCancelledError at once and tells the worker to stop it. */
  cancel(id: number): void;
}

/** The store's queries bound to an AbortSignal (see Store.cancellable): its abort cancels those in flight. */
export class CancellableQueries extends QueryMethods {
  private readonly inFlight = new Set<number>();

  constructor(
    private readonly store: QueryChannel,
    private readonly signal: AbortSignal,
  ) {
    super();
    signal.addEventListener(
      'abort',
      () => {
        for (const id of this.inFlight) store.cancel(id);
        this.inFlight.clear();
      },
      { once: true },
    );
  }

  protected query<T, K extends QueryKind>(kind: K, args: QueryArgs[K]): Promise<T> {
    if (this.signal.aborted) return Promise.reject(new QueryCancelledError());
    const { id, answer } = this.store.startQuery<T, K>(kind, args);
    this.inFlight.add(id);
    return answer.finally(() => this.inFlight.delete(id));
  }
}
