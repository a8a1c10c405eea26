import { z } from 'zod';
import { LABEL_NAME_PATTERN } from '../config/index.js';
import { SightlineAlertError } from './alert-errors.js';

/** A time as a Date or an RFC 3339 / ISO 8601 string with a zone (`2025-01-01T12:00:00Z`). */
export type AlertTime = Date | string;

/** An alert as Alertmanager's `POST /api/v2/alerts` takes it; `labels.alertname` is required. */
export interface Alert {
  /** Identify the alert: the same label set updates (or resolves) the same alert. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Defaults to the time Alertmanager receives it. */
  readonly startsAt?: AlertTime;
  /** In the past: the alert is resolved. Unset: Alertmanager resolves it after `resolve_timeout` without a repeat. */
  readonly endsAt?: AlertTime;
  readonly generatorURL?: string;
}

/** The JSON body of one alert, as sent. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** Prometheus label names (Alertmanager 0.25 checks annotation names by the same rule). */
export const nameSchema = (kind: string) =>
  z
    .string()
    .regex(LABEL_NAME_PATTERN, `${kind} names must match ${LABEL_NAME_PATTERN}`)
    .refine((name) => !name.startsWith('__'), `${kind} names starting with "__" are reserved`);

export const labelSetSchema = z.record(
  nameSchema('label'),
  z.string().min(1, 'label values must not be empty (Alertmanager drops empty labels: leave the label out instead)'),
);

export const timeSchema = z
  .union([
    z.date().refine((date) => !Number.isNaN(date.getTime()), 'must be a valid Date'),
    z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time with a zone, e.g. 2025-01-01T12:00:00Z' }),
  ])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString()));

const alertSchema = z
  .object({
    labels: labelSetSchema,
    annotations: z.record(nameSchema('annotation'), z.string()).optional(),
    startsAt: timeSchema.optional(),
    endsAt: timeSchema.optional(),
    generatorURL: z.url().optional(),
  })
  .strict()
  .superRefine((alert, context) => {
    if (alert.startsAt !== undefined && alert.endsAt !== undefined && Date.parse(alert.endsAt) < Date.parse(alert.startsAt)) {
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must not be before startsAt' });
    }
  });

type Issue = z.core.$ZodIssue;

/** `labels.1bad: label names must match …`: a record key's own message, not zod's generic one. */
export function formatIssue(issue: Issue, prefix: string): string {
  const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${path === '' ? '(alert)' : path}: ${message}`;
}

/**
 * Checks a batch and turns it into request bodies, with `defaultLabels` under each alert's
 * own labels. Every problem of every alert is reported in one SightlineAlertError.
 */
export function toPostableAlerts(alerts: readonly Alert[], defaultLabels: Readonly<Record<string, string>>): PostableAlert[] {
  const issues: string[] = [];
  const postable: PostableAlert[] = [];
  alerts.forEach((alert, index) => {
    const input = typeof alert === 'object' && alert !== null ? { ...alert, labels: { ...defaultLabels, ...alert.labels } } : alert;
    const parsed = alertSchema.safeParse(input);
    const prefix = alerts.length === 1 ? '' : `alerts[${index}]`;
    // Checked on the input itself: zod runs an object's refinements only once the rest of it
    // passed, so a missing alertname went unsaid beside a bad label name.
    const given = (input as { labels?: unknown } | null)?.labels;
    if (typeof given === 'object' && given !== null && (given as Record<string, unknown>).alertname === undefined) {
      issues.push(`${prefix === '' ? '' : `${prefix}.`}labels.alertname: alertname is required`);
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(formatIssue(issue, prefix));
      return;
    }
    const { labels, annotations, startsAt, endsAt, generatorURL } = parsed.data;
    const body: PostableAlert = { labels };
    if (annotations !== undefined) body.annotations = annotations;
    if (startsAt !== undefined) body.startsAt = startsAt;
    if (endsAt !== undefined) body.endsAt = endsAt;
    if (generatorURL !== undefined) body.generatorURL = generatorURL;
    postable.push(body);
  });
  if (alerts.length === 0) issues.push('(alerts): at least one alert is required');
  if (issues.length > 0) throw new SightlineAlertError(issues);
  return postable;
}

/** Sends alerts as given, only merging default labels and turning Dates into strings. */
export function toUncheckedAlerts(alerts: readonly Alert[], defaultLabels: Readonly<Record<string, string>>): PostableAlert[] {
  return alerts.map((alert) => {
    const body: PostableAlert = { ...alert, labels: { ...defaultLabels, ...alert.labels } } as PostableAlert;
    if (alert.startsAt instanceof Date) body.startsAt = alert.startsAt.toISOString();
    if (alert.endsAt instanceof Date) body.endsAt = alert.endsAt.toISOString();
    return body;
  });
}
