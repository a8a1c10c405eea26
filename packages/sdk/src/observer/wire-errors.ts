import type { RequestContext } from '../context/index.js';
import {
  createErrorTracker,
  installProcessHandlers,
  type OwnedErrorTracker,
  type RequestFacts,
  type SentryModule,
} from '../errors/index.js';
import type { RequestPass, RequestState } from '../http/index.js';
import { createRedaction } from '../log/index.js';
import type { Lifecycle } from '../shutdown/index.js';
import type { ObserverCore } from './wire-logs.js';

export interface ErrorsWiring {
  /** `@sentry/node`, loaded by createObserver before anything was opened; undefined without a DSN. */
  readonly sentry: SentryModule | undefined;
  /** Whether the observer registers globally: the default for `errors.processHandlers`. */
  readonly registerGlobal: boolean;
}

/**
 * Error tracking (errors/): failed requests of every adapter, the log, the active span, Sentry;
 * flushed at shutdown. With process handlers, crashes are captured and shut the observer down.
 */
export function wireErrors(core: ObserverCore, http: RequestPass, lifecycle: Lifecycle, wiring: ErrorsWiring): OwnedErrorTracker {
  const { options, metrics, logs, reportInternalError } = core;
  const redaction = createRedaction(options.log.redact);
  const factsOf = (state: RequestState): RequestFacts => ({
    route: http.routeNow(state),
    method: state.method,
    path: state.path,
  });
  const errors = createErrorTracker({
    options,
    logger: logs.accessLogger,
    requestFacts: (request) => {
      const state = stateOf(http, request);
      return state === undefined ? undefined : factsOf(state);
    },
    captured: metrics.business.counter({
      name: 'sightline_errors_captured_total',
      help: 'Errors and messages captured, by error type and how they were captured.',
      labelNames: ['error_type', 'mechanism'],
      maxSeries: 200,
    }),
    // Unlabelled, so it exists at 0 from the start: `increase(...[15m]) > 0` alerts on a new kind of failure.
    groupsCreated: metrics.business.counter({
      name: 'sightline_error_groups_created_total',
      help: 'Error groups opened: a fingerprint seen for the first time (or again after it was evicted).',
    }),
    censorKeys: redaction.censorKeys,
    censorThrown: redaction.censorThrown,
    sentry: wiring.sentry,
    onInternalError: reportInternalError,
  });
  // The pass's error listener, so every adapter's failed requests are captured.
  http.addListener({ onError: (state, error) => errors.captureRequestError(error, state.request, factsOf(state)) });
  // No fingerprint label: even bounded by errors.maxGroups (1000) that is a series per bug, and
  // evicted groups would leave stale ones. Groups are listed by GET /debug/errors and logged.
  metrics.business.gauge({
    name: 'sightline_error_groups',
    help: 'Error groups (distinct fingerprints) currently tracked, at most errors.maxGroups.',
    collect() {
      this.set(errors.groupCount);
    },
  });
  lifecycle.register('errors', 'flush', () => errors.close(options.shutdownTimeoutMs));
  if (options.errors.processHandlers ?? wiring.registerGlobal) {
    const crashReporter = { captureCrash: errors.captureCrash.bind(errors), shutdown: () => lifecycle.shutdown() };
    lifecycle.register('process-handlers', 'close', installProcessHandlers(crashReporter));
  }
  return errors;
}

/** A request's state among those in flight: a scan, but only on capture, never per request. */
function stateOf(http: RequestPass, request: RequestContext): RequestState | undefined {
  for (const state of http.inFlight) if (state.request === request) return state;
  return undefined;
}
