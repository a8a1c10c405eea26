import type { Observer } from '@sightline/sdk';
import { sightlineExpress, sightlineExpressErrors } from '@sightline/sdk/express';
import express, { type Express } from 'express';
import type { Pool } from 'pg';
import { DatabaseGate } from './database-gate.js';
import { registerHealthChecks } from './health.js';
import { expectedErrors } from './http-errors.js';
import { createOrderMetrics } from './order-metrics.js';
import { registerApmRoutes } from './routes/apm.js';
import { registerOrderRoutes } from './routes/orders.js';
import { registerProductRoutes } from './routes/products.js';
import { registerUserRoutes } from './routes/users.js';

export interface OrdersAppOptions {
  readonly observer: Observer;
  /** A pg Pool, instrumented with instrumentPool() for query spans and pool metrics. */
  readonly pool: Pool;
  /** Base URL of the payments service, e.g. http://127.0.0.1:3001 (no trailing slash needed). */
  readonly paymentsUrl: string;
}

/** The orders API: users, products, orders and /metrics, instrumented by `observer` (which also serves /livez, /readyz, /healthz). */
export function createOrdersApp({ observer, pool, paymentsUrl }: OrdersAppOptions): Express {
  const metrics = createOrderMetrics(observer);
  registerHealthChecks(observer, pool, paymentsUrl.replace(/\/+$/, ''));
  const app = express();
  app.disable('x-powered-by');
  app.use(sightlineExpress(observer));
  app.get('/metrics', observer.metricsHandler);
  app.use(express.json({ limit: '100kb' }));
  const databaseGate = new DatabaseGate();
  app.use(['/users', '/products', '/orders'], databaseGate.guard);

  registerUserRoutes(app, pool);
  registerProductRoutes(app, pool);
  registerOrderRoutes(app, { observer, pool, paymentsUrl: paymentsUrl.replace(/\/+$/, ''), metrics });
  registerApmRoutes(app, observer);

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `no route for ${req.method} ${req.path}` });
  });
  // 4xx and 503s answered with the app's own codes; every other error recorded and answered (5xx JSON with the request id) by the SDK.
  app.use(databaseGate.onError);
  app.use(expectedErrors);
  app.use(sightlineExpressErrors(observer));
  return app;
}
