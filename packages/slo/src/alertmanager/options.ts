import { z } from 'zod';
import { formatPath } from '../spec/index.js';

/** Alertmanager options that cannot make a working config, each problem with its option's path. */
export class AlertmanagerOptionsError extends Error {
  readonly code = 'SL_SLO_ALERTMANAGER_OPTIONS_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`invalid Alertmanager options\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AlertmanagerOptionsError';
  }
}

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'a Prometheus duration such as "30s", "5m" or "4h"');
const timing = z
  .object({ group_wait: duration.optional(), group_interval: duration.optional(), repeat_interval: duration.optional() })
  .strict();

const schema = z
  .object({
    /** Where page and ticket alerts go when no PagerDuty or Slack is given for them. */
    webhookUrl: z.url().optional(),
    /** PagerDuty Events API v2 for page alerts: the routing key, or a file holding it (keeps the key out of the config). */
    pagerduty: z
      .object({ routingKey: z.string().min(1).optional(), routingKeyFile: z.string().min(1).optional(), url: z.url().optional() })
      .strict()
      .refine((value) => (value.routingKey === undefined) !== (value.routingKeyFile === undefined), {
        message: 'give routingKey or routingKeyFile, not both',
      })
      .optional(),
    /** A Slack incoming webhook for ticket alerts: its URL or a file holding it, and the channel. */
    slack: z
      .object({
        apiUrl: z.url().optional(),
        apiUrlFile: z.string().min(1).optional(),
        channel: z.string().min(1, 'the channel to post to, such as "#alerts"'),
      })
      .strict()
      .refine((value) => (value.apiUrl === undefined) !== (value.apiUrlFile === undefined), {
        message: 'give apiUrl or apiUrlFile, not both',
      })
      .optional(),
    /** Severity label values routed as pages (besides those the specs' page alerts carry). */
    pageSeverities: z.array(z.string().min(1)).default(['page', 'critical']),
    /** Severity label values routed as tickets (besides those the specs' ticket alerts carry). */
    ticketSeverities: z.array(z.string().min(1)).default(['ticket', 'warning']),
    /** Timing of page routes: a page waits little and repeats sooner. */
    pageTiming: timing.default({}),
    ticketTiming: timing.default({}),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.pagerduty === undefined && value.webhookUrl === undefined)
      context.addIssue({ code: 'custom', path: ['pagerduty'], message: 'page alerts need pagerduty or a webhookUrl' });
    if (value.slack === undefined && value.webhookUrl === undefined)
      context.addIssue({ code: 'custom', path: ['slack'], message: 'ticket alerts need slack or a webhookUrl' });
  });

export type AlertmanagerOptions = z.input<typeof schema>;
export type ResolvedAlertmanagerOptions = z.output<typeof schema>;

/** Defaults: a page waits 30 s for its group, re-notifies 5 min after a change and every hour while firing; a ticket 5 min, 30 min, 12 h. */
export const PAGE_TIMING = { group_wait: '30s', group_interval: '5m', repeat_interval: '1h' } as const;
export const TICKET_TIMING = { group_wait: '5m', group_interval: '30m', repeat_interval: '12h' } as const;

export function resolveAlertmanagerOptions(options: AlertmanagerOptions): ResolvedAlertmanagerOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success)
    throw new AlertmanagerOptionsError(parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  return parsed.data;
}
