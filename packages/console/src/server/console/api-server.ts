import type { SloSpec } from '@sightline/slo';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AlertFeed } from '../alerts/index.js';
import { type ApiOptions, registerApiRoutes } from '../api/index.js';
import { registerHostCheck, registerTokenAuth } from '../auth/index.js';
import type { ConsoleLog } from '../log/index.js';
import { answerFrameworkError, registerAccessLog, registerRequestIdHeader, requestIdOf } from '../requests/index.js';
import type { Store } from '../store/index.js';
import { registerUiRoutes, type UiRouteOptions } from '../ui/index.js';

export interface ApiServerOptions {
  readonly store: Store;
  readonly health?: ApiOptions['health'];
  readonly slos?: readonly SloSpec[];
  /** What `/api/alerts` answers. */
  readonly alerts?: AlertFeed;
  /** When set, every request but `/login` needs it (see auth/). */
  readonly token?: string | undefined;
  /** Without a token: the names besides loopback ones a request may be addressed to (see auth/host-check.ts). */
  readonly allowedHosts?: readonly string[];
  readonly log: ConsoleLog;
  readonly ui?: UiRouteOptions;
}

/**
 * The UI port's server, not yet listening: request ids (the caller's `x-request-id` or a UUID,
 * echoed on every answer), the access log at level info, the token check, `/api` and the UI.
 */
export function createApiServer({
  store,
  health,
  slos = [],
  alerts,
  token,
  allowedHosts = [],
  log,
  ui,
}: ApiServerOptions): FastifyInstance {
  // Fastify's own logger stays off (request.log is a no-op): the routes write through `log`.
  const api = Fastify({ logger: false, forceCloseConnections: true, genReqId: requestIdOf, frameworkErrors: answerFrameworkError });
  // Before the token check, so that a 401 carries the request id too.
  registerRequestIdHeader(api);
  registerAccessLog(api, log);
  if (token !== undefined) registerTokenAuth(api, token);
  else registerHostCheck(api, allowedHosts);
  registerApiRoutes(api, { store, health, slos, alerts, log });
  registerUiRoutes(api, ui);
  return api;
}
