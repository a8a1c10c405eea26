import type { Writable } from 'node:stream';
import { z } from 'zod';

/**
 * An OTLP/HTTP signal URL, used as given (OpenTelemetry's rule for a signal's endpoint): http(s),
 * and with its path, since no collector serves OTLP at `/` (a base URL given here would lose
 * every export, said only at shutdown). The suggestion names the origin alone: no credentials.
 */
function otlpUrl(signal: 'traces' | 'logs') {
  return z
    .url({ protocol: /^https?$/, error: `expected an http:// or https:// URL, e.g. http://localhost:4318/v1/${signal}` })
    .refine((url) => !URL.canParse(url) || new URL(url).pathname !== '/', {
      error: (issue) => `expected the full OTLP URL, with its path: ${new URL(String(issue.input)).origin}/v1/${signal}`,
    });
}

/** Prometheus data model: https://prometheus.io/docs/concepts/data_model/ */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** pino's levels, most severe first, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const destinationSchema = z.union([
  z.literal('stdout'),
  z.literal('stderr'),
  z.object({ path: z.string().min(1, 'a file destination needs a non-empty path'), mkdir: z.boolean().default(true) }),
  z.object({
    stream: z.custom<Writable | { write(chunk: string): unknown }>(
      (value) => typeof (value as { write?: unknown } | null)?.write === 'function',
      'a stream destination needs an object with a write(chunk) method',
    ),
  }),
]);
export type LogDestination = z.input<typeof destinationSchema>;

const samplingSchema = z
  .object({
    /** Lines with the same message allowed per tick before sampling starts. */
    initial: z.number().int().min(1).default(100),
    /** After `initial`, keep one line in `thereafter`. */
    thereafter: z.number().int().min(1).default(100),
    tickMs: z.number().int().min(10).default(1000),
  })
  .strict();

const logSchema = z
  .object({
    level: z.enum(LOG_LEVELS).default('info'),
    pretty: z.boolean().optional(),
    destinations: z.array(destinationSchema).min(1).default(['stdout']),
    redact: z
      .object({
        /** Exact pino redact paths (`customer.ssn`, `req.body.card`). */
        paths: z.array(z.string().min(1)).default([]),
        /** Extra key names censored wherever they appear, like the built-in secret-looking keys. */
        keys: z.array(z.string().min(1)).default([]),
        /** Use only `paths` and `keys`, dropping the built-in list of secret-looking keys. */
        replaceDefaults: z.boolean().default(false),
        censor: z.string().default('[REDACTED]'),
      })
      .strict()
      .prefault({}),
    sampling: z.union([z.literal(false), samplingSchema]).prefault({}),
    otlp: z
      .object({
        enabled: z.boolean().default(false),
        /** Default: `trace.endpoint` with `/v1/traces` replaced by `/v1/logs`. */
        endpoint: otlpUrl('logs').optional(),
        /** Default: the `trace.headers` given in code, else none (OTEL_EXPORTER_OTLP_HEADERS reaches both). */
        headers: z.record(z.string(), z.string()).optional(),
        /** Time one export may take, retries included. Default: `trace.exportTimeoutMs`. */
        exportTimeoutMs: z.number().int().positive().optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const bucketsSchema = z
  .array(z.number().positive().finite())
  .min(1)
  .refine((b) => b.every((v, i) => i === 0 || v > (b[i - 1] as number)), 'buckets must be strictly increasing');

const metricsSchema = z
  .object({
    enabled: z.boolean().default(true),
    prefix: z
      .string()
      .regex(/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/, 'prefix must itself be a valid Prometheus metric name start')
      .default(''),
    defaultMetrics: z.boolean().default(true),
    /**
     * How often the default metrics' event-loop lag histogram (`nodejs_eventloop_lag_*`) samples
     * the loop, in ms (prom-client's `eventLoopMonitoringPrecision`). Each sample wakes an idle loop.
     */
    eventLoopSampleMs: z.number().int().min(1).max(1000).default(10),
    maxSeriesPerMetric: z.number().int().min(1).default(2000),
    // OpenTelemetry's advisory boundaries for http.server.request.duration.
    durationBuckets: bucketsSchema.default([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]),
    sizeBuckets: bucketsSchema.default([100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]),
  })
  .strict();

const traceSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** ParentBased(TraceIdRatio(sampleRatio)). */
    sampleRatio: z.number().min(0, 'sampleRatio must be within [0, 1]').max(1, 'sampleRatio must be within [0, 1]').default(1),
    /**
     * 'otlp': sampled spans are exported to `endpoint`. 'none': no exporter; spans are still
     * created, sampled and given to createObserver's `spanProcessors` (tests, a custom exporter).
     */
    exporter: z.enum(['otlp', 'none']).default('otlp'),
    endpoint: otlpUrl('traces').default('http://localhost:4318/v1/traces'),
    headers: z.record(z.string(), z.string()).default({}),
    exportTimeoutMs: z.number().int().positive().default(10_000),
    maxQueueSize: z.number().int().positive().default(2048),
    maxExportBatchSize: z.number().int().positive().default(512),
    scheduledDelayMs: z.number().int().positive().default(1000),
  })
  .strict()
  .refine((t) => t.maxExportBatchSize <= t.maxQueueSize, 'trace.maxExportBatchSize must not exceed trace.maxQueueSize');

const httpSchema = z
  .object({
    slowRequestMs: z.number().nonnegative().default(1000),
    requestIdHeader: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'requestIdHeader must be a lower-case header name')
      .default('x-request-id'),
    /** Paths served but not logged, measured or traced (exact match, query string ignored). */
    ignorePaths: z.array(z.string().startsWith('/')).default(['/metrics']),
    /** Route templates for the node:http adapter, which has no router: `/users/:id`, `/files/*`. */
    routes: z.array(z.string().startsWith('/')).default([]),
  })
  .strict();

/** Sentry's DSN shape: {protocol}://{public key}@{host}[:port]/[path/]{numeric project id}. */
const SENTRY_DSN_PATTERN = /^https?:\/\/[^@/\s]+@[^/\s]+\/(?:\S*\/)?\d+$/;

const errorsSchema = z
  .object({
    /** Error groups (fingerprints) remembered; the least recently seen is evicted past this. */
    maxGroups: z.number().int().min(1).default(1000),
    /** Recent log lines kept per request as breadcrumbs of its captured events; 0 turns them off. */
    breadcrumbs: z.number().int().min(0).max(100).default(20),
    /** uncaughtException / unhandledRejection handlers. Default: on when the observer registers globally. */
    processHandlers: z.boolean().optional(),
    sentry: z
      .object({
        dsn: z.string().regex(SENTRY_DSN_PATTERN, 'expected a Sentry DSN like https://<public key>@<host>/<project id>').optional(),
        /** Default: the observer's environment. */
        environment: z.string().min(1).optional(),
        /** Default: serviceVersion. */
        release: z.string().min(1).optional(),
        /** Share of events sent to Sentry (the log line and the group count always see all). */
        sampleRate: z.number().min(0).max(1).default(1),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const debugSchema = z
  .object({
    /** Default: on when `environment` is explicitly 'development', else off (see resolve.ts). */
    enabled: z.boolean().optional(),
    /** The debug server's own port, never the service's; 0 picks a free one (tests). */
    port: z.number().int().min(0).max(65_535).default(6060),
    /** Loopback unless set otherwise; a non-loopback host is logged as a warning. */
    host: z.string().min(1).default('127.0.0.1'),
    /** Bearer token; generated at start and logged once when absent. */
    token: z.string().min(16, 'debug.token must be at least 16 characters').optional(),
    maxProfileSeconds: z.number().int().min(1).max(3600).default(60),
    inspectorTimeoutSeconds: z.number().int().min(1).max(86_400).default(300),
    /** Longest debug toggle (POST /debug/toggle durationSeconds) accepted. */
    maxToggleSeconds: z.number().int().min(1).max(86_400).default(3600),
    /** Request and response bodies in request dumps are cut at this many bytes. */
    dumpBodyBytes: z.number().int().min(0).max(1_048_576).default(8192),
  })
  .strict();

const probePathsSchema = z.array(z.string().startsWith('/', 'a probe path must start with "/"'));

const healthSchema = z
  .object({
    /** Serve the probes from every adapter, before the app's routes and outside the request pass. */
    enabled: z.boolean().default(true),
    /** Paths per probe; add the aliases `/health/live`, `/health/ready` here if your platform expects them. */
    paths: z
      .object({
        live: probePathsSchema.default(['/livez']),
        ready: probePathsSchema.default(['/readyz']),
        startup: probePathsSchema.default(['/startupz']),
        health: probePathsSchema.default(['/healthz']),
      })
      .strict()
      .prefault({}),
    /** Default per-check timeout; keep it below the probe's timeoutSeconds (Kubernetes: 1 s). */
    timeoutMs: z.number().int().positive().default(500),
    /** Default per-check cache: a result younger than this is reused, so probe storms reach a dependency once. */
    intervalMs: z.number().int().nonnegative().default(1000),
    /** False keeps check messages and details out of the probe bodies (statuses stay). */
    showDetails: z.boolean().default(true),
  })
  .strict()
  .refine(
    (health) => {
      const all = Object.values(health.paths).flat();
      return new Set(all).size === all.length;
    },
    { message: 'a path may serve only one probe', path: ['paths'] },
  );

const shutdownSchema = z
  .object({
    /** After SIGTERM, readiness fails at once but the server keeps accepting this long (Kubernetes endpoint propagation). */
    delayMs: z.number().int().nonnegative().default(0),
    /** How long in-flight requests may take to finish once the server stopped accepting. */
    drainTimeoutMs: z.number().int().positive().default(10_000),
  })
  .strict();

const apmSchema = z
  .object({
    /** Per-route transaction summary (and its metrics); transactions make spans either way. */
    enabled: z.boolean().default(true),
    /** Apdex T. The Apdex spec leaves T to the application owner; 500 ms is the common default (New Relic's). */
    apdexThresholdMs: z.number().positive().default(500),
    /** Per-route T, keyed `METHOD /route` (wins) or `/route` (any method): `{ 'POST /orders': { apdexThresholdMs: 1200 } }`. */
    routes: z
      .record(z.string(), z.object({ apdexThresholdMs: z.number().positive() }).strict())
      .default({})
      .superRefine((routes, context) => {
        for (const key of Object.keys(routes)) {
          if (/^([A-Z_]+ )?\//.test(key)) continue;
          context.addIssue({
            code: 'custom',
            path: [key],
            message: 'keys are a route template, optionally after a method: "/search", "POST /orders"',
          });
        }
      }),
    /** (method, route) pairs tracked; later ones fold into one __overflow__ entry. */
    maxRoutes: z.number().int().min(1).default(200),
  })
  .strict();

const alertingSchema = z
  .object({
    /** Alertmanager base URL; set it (or SIGHTLINE_ALERTMANAGER_URL) to get observer.alerts. */
    alertmanagerUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Per attempt (client default 5000). */
    timeoutMs: z.number().int().positive().optional(),
    /** Extra attempts on 5xx and network errors (client default 2). */
    retries: z.number().int().min(0).max(10).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** Added to every alert, over the observer's `service` and `environment` labels. */
    defaultLabels: z
      .record(z.string().regex(LABEL_NAME_PATTERN, `label names must match ${LABEL_NAME_PATTERN}`), z.string().min(1))
      .default({}),
  })
  .strict();

/** A plain object (a spec written in code, or parsed YAML/JSON): @sightline/slo validates its fields at setup. */
const specObject = z.custom<object>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'expected a file path (sightline.slo.yaml) or a spec object',
);

const sloSchema = z
  .object({
    /**
     * A sightline.slo.yaml or Sloth prometheus/v1 file, or a spec object in either format (or as
     * @sightline/slo's parseSloSpec() returns it). A file with several services' specs: this
     * observer's serviceName picks one.
     */
    spec: z.union([z.string().min(1, 'slo.spec needs a non-empty file path'), specObject]).optional(),
    /** SLOs of this service written inline, each as under `slos:` in sightline.slo.yaml. */
    objectives: z.array(specObject).min(1, 'slo.objectives needs at least one SLO').optional(),
    /** /healthz (and its metric) turns degraded while a page-level burn is on. */
    degradeOnBurn: z.boolean().default(false),
    /** How often the burn alerts are evaluated in the background to log when one starts or stops. */
    evaluationIntervalMs: z.number().int().min(1000).default(60_000),
  })
  .strict()
  .refine((slo) => slo.spec === undefined || slo.objectives === undefined, {
    message: 'give slo.spec or slo.objectives, not both',
    path: ['objectives'],
  });

export const observerOptionsSchema = z
  .object({
    serviceName: z.string().min(1).optional(),
    serviceVersion: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    resourceAttributes: z.record(z.string(), z.string()).default({}),
    log: logSchema.prefault({}),
    metrics: metricsSchema.prefault({}),
    trace: traceSchema.prefault({}),
    http: httpSchema.prefault({}),
    errors: errorsSchema.prefault({}),
    debug: debugSchema.prefault({}),
    shutdownTimeoutMs: z.number().int().positive().default(5000),
    health: healthSchema.prefault({}),
    shutdown: shutdownSchema.prefault({}),
    apm: apmSchema.prefault({}),
    alerting: alertingSchema.prefault({}),
    slo: sloSchema.prefault({}),
  })
  .strict();

export type ObserverOptions = z.input<typeof observerOptionsSchema>;
type ParsedLogOptions = z.output<typeof logSchema>;
export type ResolvedOptions = Omit<z.output<typeof observerOptionsSchema>, 'debug' | 'log'> & {
  serviceName: string;
  environment: string;
  debug: z.output<typeof debugSchema> & { enabled: boolean };
  /** Log export's headers and timeout are settled at resolution, from the trace options when not given. */
  log: Omit<ParsedLogOptions, 'otlp'> & {
    otlp: ParsedLogOptions['otlp'] & { headers: Record<string, string>; exportTimeoutMs: number };
  };
};
export type ResolvedLogOptions = ResolvedOptions['log'];
export type ResolvedMetricsOptions = ResolvedOptions['metrics'];
export type ResolvedTraceOptions = ResolvedOptions['trace'];
export type ResolvedHttpOptions = ResolvedOptions['http'];
export type ResolvedApmOptions = ResolvedOptions['apm'];
export type ResolvedAlertingOptions = ResolvedOptions['alerting'];
export type ResolvedSloOptions = ResolvedOptions['slo'];
export type ResolvedHealthOptions = ResolvedOptions['health'];
export type ResolvedShutdownOptions = ResolvedOptions['shutdown'];
export type ResolvedErrorsOptions = ResolvedOptions['errors'];
export type ResolvedDebugOptions = ResolvedOptions['debug'];
