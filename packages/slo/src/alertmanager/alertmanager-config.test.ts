import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSloSpecs } from '../spec/index.js';
import { alertmanagerConfig, alertmanagerConfigObject } from './alertmanager-config.js';
import { AlertmanagerOptionsError } from './options.js';

const specs = parseSloSpecs(
  `version: sightline/v1
service: orders-api
slos:
  - name: availability
    objective: 99.9
    sli: { availability: {} }
    alerting:
      page_alert: { labels: { severity: sev1 } }
      ticket_alert: { labels: { severity: sev3 } }
`,
  { source: 'orders.slo.yaml' },
);

interface Route {
  receiver: string;
  matchers?: string[];
  group_by?: string[];
  group_wait: string;
  repeat_interval: string;
  routes?: Route[];
}

describe('alertmanagerConfig', () => {
  it('routes the severities the specs give their page and ticket alerts, besides the defaults', () => {
    const { route } = alertmanagerConfigObject(specs, { webhookUrl: 'http://127.0.0.1:5001/' }) as { route: Route };
    expect(route.group_by).toEqual(['alertname', 'service', 'slo']);
    expect(route.routes?.map((child) => [child.receiver, child.matchers])).toEqual([
      ['page', ['severity=~"page|critical|sev1"']],
      ['ticket', ['severity=~"ticket|warning|sev3"']],
    ]);
  });

  it('repeats pages sooner than tickets, and lets timings be overridden', () => {
    const { route } = alertmanagerConfigObject(specs, { webhookUrl: 'http://x/', ticketTiming: { repeat_interval: '1d' } }) as {
      route: Route;
    };
    const [page, ticket] = route.routes as [Route, Route];
    expect([page.group_wait, page.repeat_interval]).toEqual(['30s', '1h']);
    expect([ticket.group_wait, ticket.repeat_interval]).toEqual(['5m', '1d']);
  });

  it('keeps PagerDuty and Slack secrets in files when given as files, and writes a header comment', () => {
    const text = alertmanagerConfig(
      specs,
      { pagerduty: { routingKeyFile: '/run/secrets/pd' }, slack: { apiUrlFile: '/run/secrets/slack', channel: '#alerts' } },
      'Generated.',
    );
    expect(text.startsWith('# Generated.\nroute:\n')).toBe(true);
    const { receivers } = parse(text) as { receivers: Record<string, unknown>[] };
    expect(receivers).toMatchObject([
      { name: 'page', pagerduty_configs: [{ routing_key_file: '/run/secrets/pd', send_resolved: true }] },
      { name: 'ticket', slack_configs: [{ api_url_file: '/run/secrets/slack', channel: '#alerts', send_resolved: true }] },
    ]);
    expect(text).not.toMatch(/routing_key:|api_url:/);
  });

  it('refuses options that leave pages or tickets nowhere to go, naming each option', () => {
    const attempt = () =>
      alertmanagerConfig(specs, { pagerduty: { routingKey: 'k', routingKeyFile: '/f' }, pageTiming: { repeat_interval: 'hourly' } });
    expect(attempt).toThrow(AlertmanagerOptionsError);
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'SL_SLO_ALERTMANAGER_OPTIONS_INVALID',
        problems: [
          'pagerduty: give routingKey or routingKeyFile, not both',
          'pageTiming.repeat_interval: a Prometheus duration such as "30s", "5m" or "4h"',
          'slack: ticket alerts need slack or a webhookUrl',
        ],
      }),
    );
  });
});
