import type { DuckDBConnection } from '@duckdb/node-api';
import type { QueryArgs, QueryKind } from '../protocol.js';
import { alertEpisodes } from './alert-episodes.js';
import { dependencies } from './dependencies.js';
import { errorFirstSeen, errorGroups, errorOccurrences } from './error-queries.js';
import { incident, incidents } from './incidents.js';
import { logVolume, searchLogs } from './log-queries.js';
import { metricQuantiles } from './metric-quantiles.js';
import { metricNames, metricPoints, metricSeries } from './metric-queries.js';
import type { PartitionSet } from './partitions.js';
import { red, redByService, redSeries } from './red-series.js';
import { sloCounts } from './slo-counts.js';
import { traceById, traceJson } from './trace-queries.js';
import { searchTraces } from './trace-search.js';

/** A query that only reads: it runs on a reader connection, interactive (cancellable, ahead of background work). */
export type ReadQuery<K extends QueryKind = QueryKind> = (
  connection: DuckDBConnection,
  partitions: PartitionSet,
  args: QueryArgs[K],
) => Promise<unknown>;

/** The kinds that write, or need the database itself (database.ts runs them); every other kind is a read below. */
export type DatabaseQueryKind =
  | 'recordAlertEpisodes'
  | 'setErrorStatus'
  | 'declareIncident'
  | 'changeIncident'
  | 'stats'
  | 'rowCounts'
  | 'exportParquet'
  | 'maintain';
export type ReadQueryKind = Exclude<QueryKind, DatabaseQueryKind>;

const READS: { readonly [K in ReadQueryKind]: ReadQuery<K> } = {
  trace: traceById,
  traceJson: (c, p, { view, ...lookup }) => traceJson(c, p, lookup, view),
  searchTraces,
  logs: searchLogs,
  logVolume,
  red,
  redByService,
  dependencies,
  redSeries,
  sloCounts,
  errorGroups,
  errorOccurrences,
  errorFirstSeen: (c, p, { fingerprint }) => errorFirstSeen(c, p, fingerprint),
  alertEpisodes: (c, _p, args) => alertEpisodes(c, args),
  incidents: (c, _p, args) => incidents(c, args),
  incident: (c, _p, { id }) => incident(c, id),
  metricNames: (c, p) => metricNames(c, p),
  metricSeries,
  metricPoints,
  metricQuantiles,
};

export function isReadQuery(kind: QueryKind): kind is ReadQueryKind {
  return Object.hasOwn(READS, kind);
}

/** The read-only query of this kind. */
export function readQueryOf(kind: ReadQueryKind): ReadQuery {
  return READS[kind] as ReadQuery;
}
