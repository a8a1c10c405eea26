import type { DuckDBConnection } from '@duckdb/node-api';
import type { RedQuery, ServiceEdge } from '../queries.js';
import type { PartitionSet } from './partitions.js';
import { num, Params, rows, text, unionAll } from './sql.js';

/** A client span's database: `db.system.name` (or the older `db.system`), and `db.namespace` when set. */
const DATABASE = `json_extract_string(SpanAttributes, '$."db.system.name"')`;
const OLD_DATABASE = `json_extract_string(SpanAttributes, '$."db.system"')`;
const NAMESPACE = `json_extract_string(SpanAttributes, '$."db.namespace"')`;

/**
 * Who calls whom over a window, from the spans themselves (Jaeger's dependencies, Tempo's service
 * graph): a server or consumer span whose parent belongs to another service is one call from the
 * parent's service to its own (its status and duration are the callee's; only those kinds are
 * joined to their parents, a few of the window's spans); a client span naming a database system
 * (`db.system.name`) is one call to that database. Calls, errors and p95 per edge.
 */
export async function dependencies(connection: DuckDBConnection, partitions: PartitionSet, query: RedQuery): Promise<ServiceEdge[]> {
  // An empty or inverted window holds no spans: nothing to answer, not a failure.
  if (query.until <= query.since) return [];
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return [];
  const params = new Params();
  const window = [`Timestamp >= ${params.add(query.since)}`, `Timestamp < ${params.add(query.until)}`];
  // Each side reads only its columns and rows from the partitions (a shared CTE would carry every span's attributes).
  const callees = unionAll(targets, 'spans', 'TraceId, ParentSpanId, ServiceName, StatusCode, Duration', [
    ...window,
    'SpanKind IN (2, 5)',
    "ParentSpanId <> ''",
  ]);
  const parents = unionAll(targets, 'spans', 'TraceId, SpanId, ServiceName', window);
  const databases = unionAll(
    targets,
    'spans',
    `ServiceName, coalesce(${DATABASE}, ${OLD_DATABASE}) || coalesce(' ' || ${NAMESPACE}, '') AS Target, StatusCode, Duration`,
    [...window, 'SpanKind = 3', `contains(SpanAttributes, '"db.system')`],
  );
  const sql = `WITH calls AS (
      SELECT p.ServiceName AS Source, c.ServiceName AS Target, 'service' AS TargetKind, c.StatusCode, c.Duration
        FROM (${callees}) c JOIN (${parents}) p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
        WHERE c.ServiceName <> p.ServiceName
      UNION ALL
      SELECT ServiceName, Target, 'database', StatusCode, Duration FROM (${databases})
    )
    SELECT Source, Target, TargetKind, count(*) AS Calls, count_if(StatusCode = 2) AS Errors, quantile_cont(Duration, 0.95) AS P95
    FROM calls WHERE Target IS NOT NULL GROUP BY ALL ORDER BY Source, Target`;
  return (await rows(connection, sql, params)).map((row) => ({
    source: text(row.Source!),
    target: text(row.Target!),
    targetKind: row.TargetKind === 'database' ? 'database' : 'service',
    calls: num(row.Calls!),
    errors: num(row.Errors!),
    p95Ms: num(row.P95!) / 1e6,
  }));
}
