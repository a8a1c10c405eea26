import { type AlertingRule, ruleGroups, withCommentHeader } from '../rules/index.js';
import type { SloSpec } from '../spec/index.js';
import { yaml } from '../yaml/index.js';
import {
  type AlertmanagerOptions,
  PAGE_TIMING,
  type ResolvedAlertmanagerOptions,
  resolveAlertmanagerOptions,
  TICKET_TIMING,
} from './options.js';

/** The receivers' names: what the webhook payload's `receiver` says. */
export const PAGE_RECEIVER = 'page';
export const TICKET_RECEIVER = 'ticket';

/** One notification per SLO alert and severity, or per service for the seed's service-wide alerts. */
export const GROUP_BY = ['alertname', 'service', 'slo'] as const;

/** Go-template matcher value: severities as an anchored regex alternation. */
const severityMatcher = (severities: readonly string[]) =>
  `severity=~"${[...new Set(severities)].map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')).join('|')}"`;

/** The severities the specs' page and ticket alerts carry (a spec may override `severity`). */
function specSeverities(specs: readonly SloSpec[]): { page: string[]; ticket: string[] } {
  const alerts = ruleGroups(specs)
    .flatMap((group) => group.rules)
    .filter((rule): rule is AlertingRule => 'alert' in rule);
  const of = (kind: string) =>
    alerts.filter((alert) => alert.labels.sloth_severity === kind).map((alert) => alert.labels.severity as string);
  return { page: of('page'), ticket: of('ticket') };
}

const SLACK_TITLE = '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.service }} {{ .CommonLabels.slo }}';
const SLACK_TEXT = [
  '{{ range .Alerts }}*{{ .Annotations.summary }}*',
  '{{ .Annotations.description }}',
  '{{ if .Annotations.runbook_url }}Runbook: {{ .Annotations.runbook_url }}{{ end }}',
  '{{ end }}',
].join('\n');

function pageReceiver(options: ResolvedAlertmanagerOptions): Record<string, unknown> {
  const { pagerduty } = options;
  if (pagerduty === undefined) return { name: PAGE_RECEIVER, webhook_configs: [{ url: options.webhookUrl, send_resolved: true }] };
  return {
    name: PAGE_RECEIVER,
    pagerduty_configs: [
      {
        ...(pagerduty.routingKey === undefined ? { routing_key_file: pagerduty.routingKeyFile } : { routing_key: pagerduty.routingKey }),
        ...(pagerduty.url === undefined ? {} : { url: pagerduty.url }),
        send_resolved: true,
        severity: 'critical',
        description: '{{ .CommonLabels.alertname }} {{ .CommonLabels.service }}: {{ .CommonAnnotations.summary }}',
        links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'Runbook' }],
      },
    ],
  };
}

function ticketReceiver(options: ResolvedAlertmanagerOptions): Record<string, unknown> {
  const { slack } = options;
  if (slack === undefined) return { name: TICKET_RECEIVER, webhook_configs: [{ url: options.webhookUrl, send_resolved: true }] };
  return {
    name: TICKET_RECEIVER,
    slack_configs: [
      {
        ...(slack.apiUrl === undefined ? { api_url_file: slack.apiUrlFile } : { api_url: slack.apiUrl }),
        channel: slack.channel,
        send_resolved: true,
        title: SLACK_TITLE,
        text: SLACK_TEXT,
      },
    ],
  };
}

/** The Alertmanager config as an object (what `alertmanagerConfig` writes as YAML). */
export function alertmanagerConfigObject(specs: readonly SloSpec[], options: AlertmanagerOptions): Record<string, unknown> {
  const resolved = resolveAlertmanagerOptions(options);
  const fromSpecs = specSeverities(specs);
  const page = [...resolved.pageSeverities, ...fromSpecs.page];
  const ticket = [...resolved.ticketSeverities, ...fromSpecs.ticket].filter((severity) => !page.includes(severity));
  return {
    route: {
      // Alerts of no known severity are not lost: they open tickets.
      receiver: TICKET_RECEIVER,
      group_by: [...GROUP_BY],
      ...TICKET_TIMING,
      ...resolved.ticketTiming,
      routes: [
        { receiver: PAGE_RECEIVER, matchers: [severityMatcher(page)], ...PAGE_TIMING, ...resolved.pageTiming },
        { receiver: TICKET_RECEIVER, matchers: [severityMatcher(ticket)], ...TICKET_TIMING, ...resolved.ticketTiming },
      ],
    },
    inhibit_rules: [
      // A service that is down fails every other check: one page for it, not one per symptom.
      { source_matchers: ['alertname="ServiceDown"'], target_matchers: ['alertname!="ServiceDown"'], equal: ['service'] },
      // An SLO that pages needs no ticket for the same burn as well.
      {
        source_matchers: [severityMatcher(page)],
        target_matchers: [severityMatcher(ticket)],
        equal: ['alertname', 'service', 'slo'],
      },
    ],
    receivers: [pageReceiver(resolved), ticketReceiver(resolved)],
  };
}

/**
 * An alertmanager.yml for the specs' alerts and the seed's service alerts: pages (severity
 * `page`, `critical`) to PagerDuty or the webhook, tickets (`ticket`, `warning`) to Slack or the
 * webhook, grouped by alertname, service and SLO; ServiceDown inhibits the rest of its service's
 * alerts, and a page inhibits the ticket of the same SLO.
 */
export function alertmanagerConfig(specs: readonly SloSpec[], options: AlertmanagerOptions, header?: string): string {
  return withCommentHeader(yaml().stringify(alertmanagerConfigObject(specs, options), { lineWidth: 0 }), header);
}
