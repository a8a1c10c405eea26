import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store, TraceView } from '../store/index.js';
import { queriesFor } from './client-gone.js';
import { traceIdParam, traceLookupQuery, traceSearchQuery } from './schemas.js';
import { msToNanos, traceSummaryOf } from './to-api.js';
import { ApiRequestError, parseQuery } from './validate.js';

/** `/api/traces`: trace search, and one trace whole (`detail`) or as its outline. */
export function registerTraceRoutes(app: FastifyInstance, store: Store): void {
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
}
