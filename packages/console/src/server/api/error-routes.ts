import type { FastifyInstance } from 'fastify';
import type { ErrorOccurrence, Store, StoreQueries } from '../store/index.js';
import { queriesFor } from './client-gone.js';
import { errorBucketMs, groupBucketMs } from './error-buckets.js';
import { occurrenceCursorOf } from './occurrence-cursor.js';
import { type ErrorGroupDetailQuery, errorGroupDetailQuery, errorGroupsQuery, errorStatusChange, noQuery } from './schemas.js';
import { errorGroupOf } from './summaries.js';
import { msToNanos } from './to-api.js';
import { ApiRequestError, parseBody, parseQuery } from './validate.js';

/** `/api/errors`: error groups, one group with its occurrences (paged), and a group's status. */
export function registerErrorRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/errors', async (request, reply) => {
    const query = parseQuery(errorGroupsQuery, request.query);
    const bucketMs = errorBucketMs((query.until ?? Date.now()) - query.since);
    const groups = await queriesFor(store, reply).errorGroups({
      since: msToNanos(query.since),
      ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      ...(query.service === undefined ? {} : { service: query.service }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.sort === undefined ? {} : { sort: query.sort }),
      limit: query.limit,
      bucketMs,
    });
    return { groups: groups.map((group) => errorGroupOf(group, bucketMs)) };
  });

  app.get<{ Params: { fingerprint: string } }>('/api/errors/:fingerprint', async (request, reply) =>
    errorGroupDetail(queriesFor(store, reply), request.params.fingerprint, parseQuery(errorGroupDetailQuery, request.query)),
  );

  app.put<{ Params: { fingerprint: string } }>('/api/errors/:fingerprint/status', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const { status } = parseBody(errorStatusChange, request.body);
    const fingerprint = request.params.fingerprint;
    if ((await queriesFor(store, reply).errorFirstSeen(fingerprint)) === null) {
      throw new ApiRequestError(404, 'not_found', `no error group ${fingerprint} is stored`);
    }
    const { changedMs } = await store.setErrorGroupStatus(fingerprint, status);
    return { fingerprint, status, statusChangedMs: changedMs };
  });
}

/** One error group with a page of its occurrences, newest first. */
async function errorGroupDetail(queries: StoreQueries, fingerprint: string, query: ErrorGroupDetailQuery) {
  // Counted in the bucket its age calls for (a minute for a group first seen in the last hour):
  // when it is new, its page shows how it started. Its age comes from one column first.
  const notFound = () => new ApiRequestError(404, 'not_found', `no error group ${fingerprint} is stored`);
  const firstSeenMs = await queries.errorFirstSeen(fingerprint);
  if (firstSeenMs === null) throw notFound();
  const bucketMs = groupBucketMs(firstSeenMs, Date.now());
  // Retention may drop its rows between the two reads: then it is gone, as if asked a moment later.
  const [group] = await queries.errorGroups({ fingerprint, limit: 1, bucketMs });
  if (group === undefined) throw notFound();
  // One more than asked: its presence says older occurrences exist.
  const page = await queries.errorOccurrences({
    fingerprint,
    limit: query.limit + 1,
    ...(query.before === undefined ? {} : { before: query.before }),
  });
  const occurrences = page.slice(0, query.limit);
  const last = occurrences.at(-1);
  return {
    ...errorGroupOf(group, bucketMs),
    nextCursor: page.length > query.limit && last !== undefined ? occurrenceCursorOf(last) : null,
    occurrences: occurrences.map(occurrenceOf),
  };
}

function occurrenceOf(occurrence: ErrorOccurrence) {
  return {
    cursor: occurrenceCursorOf(occurrence),
    traceId: occurrence.traceId,
    spanId: occurrence.spanId,
    timeUnixNano: occurrence.timeUnixNano.toString(),
    service: occurrence.serviceName,
    route: occurrence.route,
    serviceVersion: occurrence.serviceVersion,
    message: occurrence.message,
    sources: occurrence.sources,
    recordings: occurrence.recordings,
  };
}
