import { z } from 'zod';
import { SightlineAlertError } from './alert-errors.js';
import { type Alert, type AlertTime, formatIssue } from './alert-input.js';

/** A Prometheus duration (`5m`, `1h30m`), or a number of seconds. */
const PROMETHEUS_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

const ratio = (name: string) =>
  z.number().finite().min(0, `${name} is a ratio within [0, 1] (0.05 for 5 %)`).max(1, `${name} is a ratio within [0, 1] (0.05 for 5 %)`);

const common = {
  service: z.string().min(1),
  severity: z.string().min(1).optional(),
  runbookUrl: z.url().optional(),
  startsAt: z.custom<AlertTime>().optional(),
  /** Extra labels (they win over the helper's own). */
  labels: z.record(z.string(), z.string()).optional(),
  /** Extra annotations (they win over the helper's own). */
  annotations: z.record(z.string(), z.string()).optional(),
};

const highErrorRateSchema = z
  .object({
    ...common,
    route: z.string().min(1).optional(),
    method: z.string().min(1).optional(),
    errorRate: ratio('errorRate'),
    threshold: ratio('threshold'),
    window: z.union([
      z.string().regex(PROMETHEUS_DURATION, 'window is a Prometheus duration such as "5m" or "1h", or a number of seconds'),
      z.number().int().positive(),
    ]),
  })
  .strict();

const serviceDownSchema = z
  .object({
    ...common,
    instance: z.string().min(1),
    reason: z.string().min(1),
  })
  .strict();

export type HighErrorRateInput = z.input<typeof highErrorRateSchema>;
export type ServiceDownInput = z.input<typeof serviceDownSchema>;

function parse<T>(schema: z.ZodType<T>, input: unknown, helper: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new SightlineAlertError(parsed.error.issues.map((issue) => formatIssue(issue, helper)));
  return parsed.data;
}

function formatWindow(window: string | number): string {
  if (typeof window === 'string') return window;
  if (window % 3600 === 0) return `${window / 3600}h`;
  if (window % 60 === 0) return `${window / 60}m`;
  return `${window}s`;
}

const percent = (value: number) => `${Number((value * 100).toFixed(2))} %`;

function finish(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  input: { runbookUrl?: string; startsAt?: AlertTime; labels?: Record<string, string>; annotations?: Record<string, string> },
): Alert {
  if (input.runbookUrl !== undefined) annotations.runbook_url = input.runbookUrl;
  return {
    labels: { ...labels, ...input.labels },
    annotations: { ...annotations, ...input.annotations },
    ...(input.startsAt === undefined ? {} : { startsAt: input.startsAt }),
  };
}

/**
 * `HighErrorRate` (severity `warning` unless given): the share of failed requests of a
 * service, or of one route, over `window` is above `threshold`. Labels: alertname, severity,
 * service, and route/method when given; the figures are in the annotations, not the labels,
 * so a changing rate updates the same alert instead of opening a new one.
 */
export function highErrorRateAlert(input: HighErrorRateInput): Alert {
  const options = parse(highErrorRateSchema, input, 'highErrorRateAlert');
  const window = formatWindow(options.window);
  const labels: Record<string, string> = { alertname: 'HighErrorRate', severity: options.severity ?? 'warning', service: options.service };
  if (options.route !== undefined) labels.route = options.route;
  if (options.method !== undefined) labels.method = options.method;
  const target = [options.service, options.method, options.route].filter((part) => part !== undefined).join(' ');
  return finish(
    labels,
    {
      summary: `High error rate on ${target}`,
      description: `${percent(options.errorRate)} of requests failed over the last ${window}, above the ${percent(options.threshold)} threshold.`,
      error_rate: String(options.errorRate),
      threshold: String(options.threshold),
      window,
    },
    options,
  );
}

/** `ServiceDown` (severity `critical` unless given): `instance` of `service` is not serving, and why. */
export function serviceDownAlert(input: ServiceDownInput): Alert {
  const options = parse(serviceDownSchema, input, 'serviceDownAlert');
  return finish(
    { alertname: 'ServiceDown', severity: options.severity ?? 'critical', service: options.service, instance: options.instance },
    { summary: `${options.service} is down on ${options.instance}`, description: options.reason },
    options,
  );
}
