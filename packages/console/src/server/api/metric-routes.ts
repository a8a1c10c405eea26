import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import { queriesFor } from './client-gone.js';
import {
  type MetricPointsQuery,
  type MetricQuantilesQuery,
  metricPointsQuery,
  metricQuantilesQuery,
  metricSeriesQuery,
  noQuery,
} from './schemas.js';
import { exemplarOf, metricPointOf, msToNanos } from './to-api.js';
import { parseQuery } from './validate.js';

/** `/api/metrics`: the names stored, and one metric's points, quantiles (with exemplars) or series. */
export function registerMetricRoutes(app: FastifyInstance, store: Store): void {
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
      ...seriesFilter(request.params.name, query),
      ...(query.maxSeries === undefined ? {} : { maxSeries: query.maxSeries }),
      limit: query.limit + 1,
    });
    const truncated = points.length > query.limit;
    return { points: (truncated ? points.slice(1) : points).map(metricPointOf), truncated };
  });

  app.get<{ Params: { name: string } }>('/api/metrics/:name/quantiles', async (request, reply) => {
    const query = parseQuery(metricQuantilesQuery, request.query);
    const answer = await queriesFor(store, reply).metricQuantiles({
      ...seriesFilter(request.params.name, query),
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
}

/** One metric's series over a window, filtered by label and service: what its points and its quantiles both ask the store. */
function seriesFilter(name: string, query: MetricPointsQuery | MetricQuantilesQuery) {
  return {
    name,
    attributes: query.attributes,
    since: msToNanos(query.since),
    ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
    ...(query.service === undefined ? {} : { service: query.service }),
  };
}
