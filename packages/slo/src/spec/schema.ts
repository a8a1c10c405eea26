import { z } from 'zod';
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS, windowSeconds } from './duration.js';

/** Prometheus label names: letters, digits and underscores, not starting with a digit. */
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'is not a Prometheus label name');
const labels = z.record(labelName, z.string()).default({});
const annotations = z.record(z.string().min(1), z.string()).default({});
const name = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'use letters, digits, "-", "_" and "." (it becomes a label value and a rule group name)');

export const objective = z
  .number({ error: 'must be a number (a percent such as 99.9)' })
  .gt(0, 'must be above 0 (a percent such as 99.9)')
  .lt(100, 'must be below 100: a 100 % objective leaves no error budget')
  // 0.995 as a ratio (OpenSLO writes targets so) would mean 0.995 %: a budget of nearly everything.
  .refine((percent) => percent <= 0 || percent >= 1, {
    message: 'is a percent: below 1 it reads as a ratio (write 99.5 for 99.5 %, not 0.995)',
  });

const window = z.string().refine((text) => windowSeconds(text) !== undefined, {
  message: `unknown window: use whole days or weeks from ${MIN_WINDOW_DAYS}d to ${MAX_WINDOW_DAYS}d, such as 28d, 30d or 4w`,
});

/** A PromQL expression that must hold the `{{.window}}` placeholder. */
const windowedQuery = z
  .string()
  .min(1)
  .refine((query) => query.includes('{{.window}}'), { message: 'must contain the {{.window}} placeholder, e.g. rate(x[{{.window}}])' });

const alert = z
  .object({
    disable: z.boolean().default(false),
    labels,
    annotations,
  })
  .strict()
  .default({ disable: false, labels: {}, annotations: {} });

/** An SLO without an `alerting` block: both alerts on, nothing added. */
const NO_ALERTING_SETTINGS = {
  labels: {},
  annotations: {},
  page_alert: { disable: false, labels: {}, annotations: {} },
  ticket_alert: { disable: false, labels: {}, annotations: {} },
};

const alerting = {
  labels,
  annotations,
  page_alert: alert,
  ticket_alert: alert,
};

const events = z.object({ error_query: windowedQuery, total_query: windowedQuery }).strict();
const raw = z.object({ error_ratio_query: windowedQuery }).strict();
const scope = {
  routes: z.array(z.string().min(1)).default([]),
  methods: z.array(z.string().regex(/^[A-Z]+$/, 'is not an HTTP method in capitals (GET, POST, …)')).default([]),
};

/** Exactly one SLI kind. */
function oneOf<T extends Record<string, z.ZodType>>(shape: T) {
  return z
    .object(
      Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> },
    )
    .strict()
    .refine((value) => Object.values(value).filter((entry) => entry !== undefined).length === 1, {
      message: `needs exactly one of ${Object.keys(shape).join(', ')}`,
    });
}

/** `sightline.slo.yaml` (version `sightline/v1`). */
export const sightlineSpecSchema = z
  .object({
    version: z.literal('sightline/v1'),
    service: name,
    labels,
    metrics: z
      .object({
        selector: z.record(labelName, z.string()).optional(),
        prefix: z
          .string()
          .regex(/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/, 'is not a metric name prefix')
          .default(''),
        duration_buckets: z.array(z.number().positive()).min(1).optional(),
      })
      .strict()
      .default({ prefix: '' }),
    slos: z
      .array(
        z
          .object({
            name,
            description: z.string().default(''),
            objective,
            window: window.default('30d'),
            labels,
            sli: oneOf({
              availability: z.object(scope).strict(),
              latency: z
                .object({ ...scope, threshold: z.number({ error: 'must be a number of seconds' }).positive('must be above 0 seconds') })
                .strict(),
              events,
              raw,
            }),
            alerting: z
              .object({ name: name.optional(), runbook_url: z.url().optional(), ...alerting })
              .strict()
              .default(NO_ALERTING_SETTINGS),
          })
          .strict(),
      )
      .min(1, 'needs at least one SLO'),
  })
  .strict();

/**
 * Sloth's `prometheus/v1` spec, taken as it is (plugin SLIs and SLO plugins excepted: they run
 * Sloth's Go plugins, which we cannot). Unknown fields are refused like Sloth's strict decoding.
 */
export const slothSpecSchema = z
  .object({
    version: z.literal('prometheus/v1'),
    service: name,
    labels,
    slo_plugins: z.unknown().optional(),
    slos: z
      .array(
        z
          .object({
            name,
            description: z.string().default(''),
            objective,
            labels,
            plugins: z.unknown().optional(),
            sli: oneOf({ events, raw, plugin: z.unknown() }).refine((sli) => sli.plugin === undefined, {
              message: 'plugin SLIs run Sloth Go plugins, which sightline does not: write the queries as sli.events',
            }),
            alerting: z
              .object({ name: name.optional(), ...alerting })
              .strict()
              .default(NO_ALERTING_SETTINGS)
              .refine((value) => value.name !== undefined || (value.page_alert.disable && value.ticket_alert.disable), {
                message: 'name is required while the page or ticket alert is enabled (as in Sloth)',
                path: ['name'],
              }),
          })
          .strict(),
      )
      .min(1, 'needs at least one SLO'),
  })
  .strict();

export type SightlineSpecInput = z.infer<typeof sightlineSpecSchema>;
export type SlothSpecInput = z.infer<typeof slothSpecSchema>;
