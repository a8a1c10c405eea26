import type { FastifyInstance } from 'fastify';
import type { LogSearch, Store } from '../store/index.js';
import { queriesFor } from './client-gone.js';
import { followLogs, followStart } from './log-follow.js';
import { type LogQuery, type LogVolumeQuery, logQuery, logVolumeQuery } from './schemas.js';
import { logRecordOf, msToNanos, SEVERITY_FLOOR } from './to-api.js';
import { parseQuery } from './validate.js';
import { volumeBucketMs } from './volume-buckets.js';

/** `/api/logs`: search (or follow, as server-sent events) and the volume over time. */
export function registerLogRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/logs', async (request, reply) => {
    const query = parseQuery(logQuery, request.query);
    const search = {
      ...logFiltersOf(query),
      ...(query.since === undefined ? {} : { since: msToNanos(query.since) }),
      ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      limit: query.limit,
    };
    if (query.follow) {
      followLogs(reply, store, search, followStart(request.headers['last-event-id'], query.after));
      return reply;
    }
    const logs = await queriesFor(store, reply).logs({
      ...search,
      ...(query.after === undefined ? {} : { afterCursor: BigInt(query.after) }),
    });
    return { logs: logs.map(logRecordOf) };
  });

  app.get('/api/logs/volume', async (request, reply) => {
    const query = parseQuery(logVolumeQuery, request.query);
    const untilMs = query.until ?? Date.now();
    const bucketMs = volumeBucketMs(untilMs - query.since);
    const buckets = await queriesFor(store, reply).logVolume({
      ...logFiltersOf(query),
      since: msToNanos(query.since),
      until: msToNanos(untilMs),
      bucketMs,
    });
    return { bucketMs, sinceMs: query.since, untilMs, buckets };
  });
}

/** A log query's filters (`/api/logs` and `/api/logs/volume` share them) as the store's log search takes them. */
function logFiltersOf(
  query: LogVolumeQuery | LogQuery,
): Pick<LogSearch, 'traceId' | 'service' | 'minSeverity' | 'contains' | 'attributes'> {
  return {
    ...(query.traceId === undefined ? {} : { traceId: query.traceId }),
    ...(query.service === undefined ? {} : { service: query.service }),
    ...(query.severity === undefined ? {} : { minSeverity: SEVERITY_FLOOR[query.severity] }),
    ...(query.q === undefined ? {} : { contains: query.q }),
    attributes: query.attributes,
  };
}
