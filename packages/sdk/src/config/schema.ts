import type { Writable } from 'node:stream';
import { z } from 'zod';

/** Prometheus data model: https://prometheus.io/docs/concepts/data_model/ */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
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
        endpoint: z.url().optional(),
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
    endpoint: z.url().default('http://localhost:4318/v1/traces'),
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
    shutdownTimeoutMs: z.number().int().positive().default(5000),
  })
  .strict();

export type ObserverOptions = z.input<typeof observerOptionsSchema>;
export type ResolvedOptions = z.output<typeof observerOptionsSchema> & {
  serviceName: string;
  environment: string;
};
export type ResolvedLogOptions = ResolvedOptions['log'];
export type ResolvedMetricsOptions = ResolvedOptions['metrics'];
export type ResolvedTraceOptions = ResolvedOptions['trace'];
export type ResolvedHttpOptions = ResolvedOptions['http'];
