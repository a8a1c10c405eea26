import type * as SentryNode from '@sentry/node';
import type { Breadcrumb } from './breadcrumbs.js';
import type { CaptureMechanism, ErrorEvent, ErrorLevel, ErrorSink } from './error-event.js';
import { loadSentry, type SentryModule } from './sentry-module.js';

/** The `@sentry/node` module, with its own types (inside this file only: see SentryModule). */
type Sentry = typeof SentryNode;
type SentryTransport = ReturnType<Sentry['makeNodeTransport']>;

export interface SentrySinkOptions {
  readonly dsn: string;
  readonly environment: string;
  readonly release: string | undefined;
  readonly sampleRate: number;
  readonly serviceName: string;
  readonly maxBreadcrumbs: number;
  /** A failed delivery (network error, non-2xx answer): contained, counted, logged once a minute. */
  readonly onDeliveryError: (error: unknown) => void;
  /** The log redaction's key censor: applied to every part of an event that holds app data, just before it is sent. */
  readonly censor: (fields: Record<string, unknown>) => Record<string, unknown>;
}

const MECHANISM_TYPE: Record<CaptureMechanism, string> = {
  manual: 'generic',
  http: 'sightline.http',
  uncaughtException: 'onuncaughtexception',
  unhandledRejection: 'onunhandledrejection',
};

const BREADCRUMB_LEVEL: Record<string, ErrorLevel> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  error: 'error',
  fatal: 'fatal',
};

/** Reports failed deliveries, which Sentry's transport otherwise drops silently. */
function reportingTransport(transport: SentryTransport, onError: (error: unknown) => void): SentryTransport {
  return {
    ...transport,
    send(envelope) {
      return transport.send(envelope).then(
        (response) => {
          const status = response.statusCode;
          if (status !== undefined && (status < 200 || status >= 300)) onError(new Error(`Sentry answered ${status} to an event`));
          return response;
        },
        (error: unknown) => {
          onError(error);
          throw error;
        },
      );
    },
  };
}

function toSentryBreadcrumb(breadcrumb: Breadcrumb): SentryNode.Breadcrumb {
  return {
    timestamp: breadcrumb.timestamp / 1000,
    level: BREADCRUMB_LEVEL[breadcrumb.level] ?? 'info',
    category: 'log',
    message: breadcrumb.message,
    ...(breadcrumb.data === undefined ? {} : { data: breadcrumb.data }),
  };
}

type Fields = Record<string, unknown>;

/**
 * Censors what Sentry built from the app's data, after its own processing (scope data, the
 * linked-errors integration, normalisation) and before sending: tags, user, extra (where
 * Sentry writes a thrown object that is no error as `__serialized__`), contexts, request,
 * breadcrumb data and exception mechanism data. Each part is walked on its own, so the key
 * walk's depth counts from it. Sentry's own event copy is updated, never the app's values.
 */
export function censorSentryEvent<E extends SentryNode.Event>(event: E, censor: (fields: Fields) => Fields): E {
  const part = <T>(value: T): T => (typeof value === 'object' && value !== null ? (censor(value as Fields) as T) : value);
  event.tags = part(event.tags);
  event.user = part(event.user);
  event.extra = part(event.extra);
  event.contexts = part(event.contexts);
  event.request = part(event.request);
  for (const breadcrumb of event.breadcrumbs ?? []) breadcrumb.data = part(breadcrumb.data);
  for (const exception of event.exception?.values ?? []) {
    if (exception.mechanism !== undefined) exception.mechanism.data = part(exception.mechanism.data);
  }
  return event;
}

/**
 * A private Sentry client, not `Sentry.init()`: init() would register Sentry's own OpenTelemetry
 * tracer provider, context manager and propagator (unless `skipOpenTelemetrySetup`), patch
 * modules through its default integrations and install process handlers, and it makes its
 * client the process-wide one. A NodeClient bound to our own Scope (Sentry's documented way
 * for shared environments) sends events and touches no global, neither OpenTelemetry's nor
 * Sentry's: an app that uses Sentry itself keeps its own setup. Only integrations that work
 * on the event are added (cause chains, runtime/OS context).
 */
export function createSentrySink(options: SentrySinkOptions, loaded: SentryModule = loadSentry()): ErrorSink {
  const sentry = loaded as unknown as Sentry;
  const client = new sentry.NodeClient({
    dsn: options.dsn,
    environment: options.environment,
    ...(options.release === undefined ? {} : { release: options.release }),
    sampleRate: options.sampleRate,
    maxBreadcrumbs: options.maxBreadcrumbs,
    sendClientReports: false,
    transport: (transportOptions) => reportingTransport(sentry.makeNodeTransport(transportOptions), options.onDeliveryError),
    stackParser: sentry.defaultStackParser,
    integrations: [sentry.linkedErrorsIntegration(), sentry.nodeContextIntegration()],
    beforeSend: (event) => censorSentryEvent(event, options.censor),
  });
  const base = new sentry.Scope();
  base.setClient(client);
  base.setTag('service', options.serviceName);
  client.init();

  return {
    name: 'sentry',
    send(event: ErrorEvent): void {
      const scope = base.clone();
      scope.setLevel(event.level);
      scope.setFingerprint([event.fingerprint.id]);
      scope.setTags(event.tags);
      if (event.fingerprint.code !== undefined) scope.setTag('error_code', event.fingerprint.code);
      const request = event.request;
      if (request !== undefined) {
        scope.setTags({ request_id: request.requestId, ...(request.route === undefined ? {} : { route: request.route }) });
        if (request.route !== undefined) scope.setTransactionName(`${request.method ?? ''} ${request.route}`.trim());
      }
      if (event.user !== undefined) scope.setUser(event.user);
      if (event.extra !== undefined) scope.setExtras(event.extra);
      for (const breadcrumb of event.breadcrumbs) scope.addBreadcrumb(toSentryBreadcrumb(breadcrumb), options.maxBreadcrumbs);
      // Sentry links an event to its trace through the trace context: our trace, not a fresh one.
      if (event.traceId !== undefined) {
        scope.setPropagationContext({
          traceId: event.traceId,
          sampleRand: Math.random(),
          sampled: true,
          ...(event.spanId === undefined ? {} : { propagationSpanId: event.spanId }),
        });
      }
      const hint = { event_id: event.eventId, mechanism: { type: MECHANISM_TYPE[event.mechanism], handled: event.handled } };
      if (event.kind === 'exception') scope.captureException(event.error, hint);
      else scope.captureMessage(event.message, event.level, hint);
    },
    flush: (timeoutMs) => Promise.resolve(client.flush(timeoutMs)),
    close: (timeoutMs) => Promise.resolve(client.close(timeoutMs)),
  };
}
