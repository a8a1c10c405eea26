import type { SloSpec } from '@sightline/slo';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AlertFeed } from '../alerts/index.js';
import { type ConsoleLog, createConsoleLog } from '../log/index.js';
import type { LogSearch, Store, TraceView } from '../store/index.js';
import { registerAlertRoutes } from './alert-routes.js';
import { queriesFor } from './client-gone.js';
import { registerErrorAnswers } from './error-answer.js';
import { errorBucketMs, groupBucketMs } from './error-buckets.js';
import { registerExportRoutes } from './export-routes.js';
import { registerIncidentRoutes } from './incident-routes.js';
import { registerLiveRoute } from './live-feed.js';
import { followLogs, followStart } from './log-follow.js';
import { occurrenceCursorOf } from './occurrence-cursor.js';
import { buildOpenApiDocument } from './openapi.js';
import {
  errorGroupDetailQuery,
  errorGroupsQuery,
  errorStatusChange,
  type HealthStatus,
  type LogQuery,
  type LogVolumeQuery,
  logQuery,
  logVolumeQuery,
  metricPointsQuery,
  metricQuantilesQuery,
  metricSeriesQuery,
  noQuery,
  traceIdParam,
  traceLookupQuery,
  traceSearchQuery,
  windowQuery,
} from './schemas.js';
import { registerSloRoutes } from './slo-routes.js';
import { errorGroupOf, servicesOf } from './summaries.js';
import { exemplarOf, logRecordOf, metricPointOf, msToNanos, SEVERITY_FLOOR, storeStatsOf, traceSummaryOf } from './to-api.js';
import { ApiRequestError, parseBody, parseQuery } from './validate.js';
import { volumeBucketMs } from './volume-buckets.js';

export interface ApiOptions {
  readonly store: Store;
  /** Health of the services the console polls (their /healthz), by service name. */
  readonly health?: { healthOf(service: string): HealthStatus | undefined } | undefined;
  /** SLO specs (`--slo` files) for `/api/slos`. */
  readonly slos?: readonly SloSpec[];
  /** What `/api/alerts` answers: the alerts the console calls for now, and where they go. */
  readonly alerts?: AlertFeed;
  /**
   * The console's log: a request it failed to answer (500) with its id and the error (error),
   * a query its client left (debug), an export's leftover temp directory (warn); default: stderr at warn.
   */
  readonly log?: ConsoleLog;
}

/**
 * The console's query API under `/api`: what the UI uses and what scripts use, the same
 * routes. Every query parameter is validated by its schema (schemas.ts); the OpenAPI document
 * at `/api/openapi.json` is generated from the same schemas.
 */
export function registerApiRoutes(app: FastifyInstance, { store, health, slos = [], alerts, log = createConsoleLog() }: ApiOptions): void {
  registerErrorAnswers(app, log);

  const openApi = buildOpenApiDocument();
  app.get('/api/openapi.json', async () => openApi);

  app.get('/api/traces', async (request, reply) => {
    const query = parseQuery(traceSearchQuery, request.query);
    const summaries = await queriesFor(store, reply).searchTraces({
      ...(query.service === undefined ? {} : { service: query.service }),
      ...(query.route === undefined ? {} : { route: query.route }),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.minDurationMs === undefined ? {} : { minDurationMs: query.minDurationMs }),
      ...(query.maxDurationMs === undefined ? {} : { maxDurationMs: query.maxDurationMs }),
      ...(query.since === undefined ? {} : { since: msToNanos(query.since) }),
      ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      attributes: query.attributes,
      limit: query.limit,
    });
    return { traces: summaries.map(traceSummaryOf) };
  });

  // The spans arrive as the JSON array the answer holds (built by the store): a 10,000-span trace
  // is sent without parsing or building an object per span.
  const traceAnswer = (view: TraceView) => async (request: FastifyRequest<{ Params: { traceId: string } }>, reply: FastifyReply) => {
    const parsed = traceIdParam.safeParse(request.params.traceId);
    if (!parsed.success)
      throw new ApiRequestError(400, 'bad_request', 'traceId: a trace id is 32 hex digits', [
        { parameter: 'traceId', message: 'a trace id is 32 hex digits' },
      ]);
    const hint = parseQuery(traceLookupQuery, request.query);
    const within = {
      ...(hint.start === undefined ? {} : { since: hint.start }),
      ...(hint.end === undefined ? {} : { until: hint.end }),
    };
    const spans = await queriesFor(store, reply).traceJson(parsed.data, within, view);
    if (spans.byteLength <= 2) throw new ApiRequestError(404, 'not_found', `no spans of trace ${parsed.data} are stored`);
    return reply
      .type('application/json; charset=utf-8')
      .send(Buffer.concat([Buffer.from(`{"traceId":"${parsed.data}","spans":`), spans, Buffer.from('}')]));
  };
  app.get<{ Params: { traceId: string } }>('/api/traces/:traceId', traceAnswer('detail'));
  app.get<{ Params: { traceId: string } }>('/api/traces/:traceId/outline', traceAnswer('outline'));

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

  app.get('/api/metrics', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const names = await queriesFor(store, reply).metricNames();
    return {
      metrics: names.map((metric) => ({
        name: metric.name,
        type: metric.type,
        unit: metric.unit === '' ? null : metric.unit,
        description: metric.description === '' ? null : metric.description,
        source: metric.source,
      })),
    };
  });

  app.get<{ Params: { name: string } }>('/api/metrics/:name/points', async (request, reply) => {
    const query = parseQuery(metricPointsQuery, request.query);
    // One more than asked: its presence says the window held more than the limit.
    const points = await queriesFor(store, reply).metricPoints({
      name: request.params.name,
      attributes: query.attributes,
      since: msToNanos(query.since),
      ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      ...(query.service === undefined ? {} : { service: query.service }),
      ...(query.maxSeries === undefined ? {} : { maxSeries: query.maxSeries }),
      limit: query.limit + 1,
    });
    const truncated = points.length > query.limit;
    return { points: (truncated ? points.slice(1) : points).map(metricPointOf), truncated };
  });

  app.get<{ Params: { name: string } }>('/api/metrics/:name/quantiles', async (request, reply) => {
    const query = parseQuery(metricQuantilesQuery, request.query);
    const answer = await queriesFor(store, reply).metricQuantiles({
      name: request.params.name,
      attributes: query.attributes,
      since: msToNanos(query.since),
      ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      ...(query.service === undefined ? {} : { service: query.service }),
      quantiles: query.q,
    });
    return {
      stepMs: answer.stepMs,
      times: answer.times,
      quantiles: query.q.map((quantile, index) => ({ quantile, values: answer.lines[index] ?? [] })),
      exemplars: answer.exemplars.map(exemplarOf),
    };
  });

  app.get<{ Params: { name: string } }>('/api/metrics/:name/series', async (request, reply) => {
    const query = parseQuery(metricSeriesQuery, request.query);
    const series = await queriesFor(store, reply).metricSeries({
      name: request.params.name,
      since: msToNanos(query.since),
      ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      limit: query.limit,
    });
    return { series: series.map((entry) => ({ service: entry.serviceName, attributes: entry.attributes, points: entry.points })) };
  });

  app.get('/api/services', async (request, reply) => {
    const query = parseQuery(windowQuery, request.query);
    const queries = queriesFor(store, reply);
    const until = query.until ?? Date.now();
    const window = { since: msToNanos(query.since), until: msToNanos(until) };
    // Sparklines: 60 buckets over the window, whatever its length.
    const bucketMs = Math.max(1_000, Math.ceil((until - query.since) / 60));
    const [services, routes, series] = await Promise.all([
      queries.redByService(window),
      queries.red(window),
      queries.redSeries({ ...window, bucketMs }),
    ]);
    return { services: servicesOf(services, routes, series, { sinceMs: query.since, untilMs: until, bucketMs }, health) };
  });

  app.get('/api/dependencies', async (request, reply) => {
    const query = parseQuery(windowQuery, request.query);
    const edges = await queriesFor(store, reply).dependencies({
      since: msToNanos(query.since),
      until: msToNanos(query.until ?? Date.now()),
    });
    return { edges };
  });

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

  app.get<{ Params: { fingerprint: string } }>('/api/errors/:fingerprint', async (request, reply) => {
    const query = parseQuery(errorGroupDetailQuery, request.query);
    const fingerprint = request.params.fingerprint;
    const queries = queriesFor(store, reply);
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
      occurrences: occurrences.map((occurrence) => ({
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
      })),
    };
  });

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

  registerExportRoutes(app, store, log);
  registerSloRoutes(app, store, slos);
  registerAlertRoutes(app, alerts);
  registerIncidentRoutes(app, store);

  app.get('/api/store', async (request) => {
    parseQuery(noQuery, request.query);
    return storeStatsOf(await store.stats());
  });

  registerLiveRoute(app, store);
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
