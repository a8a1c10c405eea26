import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import { queriesFor } from './client-gone.js';
import { type HealthStatus, windowQuery } from './schemas.js';
import { servicesOf } from './summaries.js';
import { msToNanos } from './to-api.js';
import { parseQuery } from './validate.js';

/** Health of the services the console polls, by service name. */
export interface HealthSource {
  healthOf(service: string): HealthStatus | undefined;
}

/** `/api/services` (RED per service and route, sparklines, health) and `/api/dependencies` (the service graph). */
export function registerServiceRoutes(app: FastifyInstance, store: Store, health: HealthSource | undefined): void {
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
}
