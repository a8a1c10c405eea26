import type { SloSpec } from '@sightline/slo';
import type { FastifyInstance } from 'fastify';
import type { AlertFeed } from '../alerts/index.js';
import { type ConsoleLog, createConsoleLog } from '../log/index.js';
import type { Store } from '../store/index.js';
import { registerAlertRoutes } from './alert-routes.js';
import { registerErrorAnswers } from './error-answer.js';
import { registerErrorRoutes } from './error-routes.js';
import { registerExportRoutes } from './export-routes.js';
import { registerIncidentRoutes } from './incident-routes.js';
import { registerLiveRoute } from './live-feed.js';
import { registerLogRoutes } from './log-routes.js';
import { registerMetricRoutes } from './metric-routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { noQuery } from './schemas.js';
import { type HealthSource, registerServiceRoutes } from './service-routes.js';
import { registerSloRoutes } from './slo-routes.js';
import { storeStatsOf } from './to-api.js';
import { registerTraceRoutes } from './trace-routes.js';
import { parseQuery } from './validate.js';

export interface ApiOptions {
  readonly store: Store;
  /** Health of the services the console polls (their /healthz), by service name. */
  readonly health?: HealthSource | undefined;
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

  registerTraceRoutes(app, store);
  registerLogRoutes(app, store);
  registerMetricRoutes(app, store);
  registerServiceRoutes(app, store, health);
  registerErrorRoutes(app, store);
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
