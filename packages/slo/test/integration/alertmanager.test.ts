import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerClient, createAlertmanagerClient, highErrorRateAlert, serviceDownAlert } from '../../../sdk/src/index.js';
import { eventually } from '../../../sdk/src/testing/index.js';
import { type AlertmanagerServer, startAlertmanager } from '../../../sdk/test/integration/alertmanager-server.js';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { type AlertingRule, alertmanagerConfig, parseSloSpecs, ruleGroups } from '../../src/index.js';

const run = promisify(execFile);
const binaries = requireBinaries(['prometheus-alertmanager', 'amtool'], 'prometheus-alertmanager');

const SPEC = `
version: sightline/v1
service: orders-api
slos:
  - name: availability
    objective: 99.9
    sli: { availability: { routes: [/orders] } }
    alerting: { runbook_url: "https://runbooks.example.com/orders" }
  - name: latency
    objective: 99
    sli: { latency: { threshold: 0.5 } }
    alerting:
      page_alert: { labels: { severity: urgent } }
`;
const specs = parseSloSpecs(SPEC, { source: 'orders.slo.yaml' });
/** The generated SLO alerts, by slo and sloth_severity. */
const sloAlerts = ruleGroups(specs)
  .flatMap((group) => group.rules)
  .filter((rule): rule is AlertingRule => 'alert' in rule);
const sloAlert = (slo: string, severity: string) => {
  const rule = sloAlerts.find((alert) => alert.labels.slo === slo && alert.labels.sloth_severity === severity)!;
  return { labels: { alertname: rule.alert, ...rule.labels }, annotations: rule.annotations };
};

/** Alertmanager's webhook payload (version 4), the fields this test reads. */
interface WebhookPayload {
  receiver: string;
  status: string;
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

async function amtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(binaries.path('amtool'), args);
    return stdout + stderr;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`amtool ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

describe.skipIf(binaries.skip)('generated alertmanager.yml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-slo-alertmanager-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes amtool check-config with a webhook, and with PagerDuty and Slack keys kept in files', async () => {
    const variants = {
      'webhook.yml': alertmanagerConfig(specs, { webhookUrl: 'http://127.0.0.1:5001/' }),
      'vendors.yml': alertmanagerConfig(specs, {
        pagerduty: { routingKeyFile: '/etc/alertmanager/secrets/pagerduty-routing-key' },
        slack: { apiUrlFile: '/etc/alertmanager/secrets/slack-api-url', channel: '#alerts' },
      }),
      'inline.yml': alertmanagerConfig(specs, {
        pagerduty: { routingKey: 'R0UT1NGKEY' },
        slack: { apiUrl: 'https://hooks.slack.com/services/T/B/X', channel: '#alerts' },
      }),
    };
    for (const [name, text] of Object.entries(variants)) {
      writeFileSync(join(dir, name), text);
      expect(await amtool('check-config', join(dir, name))).toMatch(/SUCCESS[\s\S]*2 inhibit rules[\s\S]*2 receivers/);
    }
  });

  it('routes page severities (the spec override too) to the page receiver and the rest to the ticket receiver (amtool config routes test)', async () => {
    const file = join(dir, 'routes.yml');
    writeFileSync(file, alertmanagerConfig(specs, { webhookUrl: 'http://127.0.0.1:5001/' }));
    // stdout is the receiver's name; stderr warns that --config.file wins over --alertmanager.url.
    const receiverFor = async (...labels: string[]) =>
      (await run(binaries.path('amtool'), ['config', 'routes', 'test', `--config.file=${file}`, ...labels])).stdout.trim();
    expect(await receiverFor('severity=page')).toBe('page');
    expect(await receiverFor('severity=critical', 'alertname=ServiceDown')).toBe('page');
    expect(await receiverFor('severity=urgent')).toBe('page');
    expect(await receiverFor('severity=ticket')).toBe('ticket');
    expect(await receiverFor('severity=warning', 'alertname=HighErrorRate')).toBe('ticket');
    expect(await receiverFor('severity=unknown')).toBe('ticket');
  });

  describe('run by a real Alertmanager, notifying a webhook run by the test', () => {
    const received: WebhookPayload[] = [];
    let webhook: Server;
    let alertmanager: AlertmanagerServer;
    let client: AlertmanagerClient;

    beforeAll(async () => {
      webhook = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload);
          res.end();
        });
      });
      await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
      const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts`;
      // The generated config with the group timers shortened so the test takes seconds, not minutes.
      const fast = { group_wait: '1s', group_interval: '1s' };
      const config = alertmanagerConfig(specs, { webhookUrl, pageTiming: fast, ticketTiming: fast });
      alertmanager = await startAlertmanager(binaries.path('prometheus-alertmanager'), config);
      client = createAlertmanagerClient({ url: alertmanager.url, retries: 1, retryDelayMs: 10 });
    });

    afterAll(async () => {
      await alertmanager?.stop();
      await new Promise((resolve) => webhook?.close(resolve));
    });

    /** The first notification `match` accepts, once the webhook has it. */
    const notification = (what: string, match: (payload: WebhookPayload) => boolean) =>
      eventually(() => received.find(match), what, { timeoutMs: 20_000, intervalMs: 50, details: () => alertmanager.output() });

    it('delivers an SLO page to the page receiver, grouped by alertname, service and slo', async () => {
      const page = sloAlert('availability', 'page');
      await client.post(page);
      const payload = await notification('the SLO page', (p) => p.groupLabels.slo === 'availability');
      expect(payload).toMatchObject({
        receiver: 'page',
        status: 'firing',
        groupLabels: { alertname: 'OrdersApiAvailability', service: 'orders-api', slo: 'availability' },
      });
      expect(payload.alerts).toHaveLength(1);
      expect(payload.alerts[0]?.labels).toEqual(page.labels);
      expect(payload.alerts[0]?.annotations.runbook_url).toBe('https://runbooks.example.com/orders');
    });

    it("groups a service's HighErrorRate alerts of two routes into one ticket", async () => {
      const errorRate = (route: string) =>
        highErrorRateAlert({ service: 'payments', route, method: 'POST', errorRate: 0.2, threshold: 0.05, window: '5m' });
      await client.post([errorRate('/charges'), errorRate('/refunds')]);
      const payload = await notification('the HighErrorRate ticket', (p) => p.groupLabels.service === 'payments');
      expect(payload).toMatchObject({ receiver: 'ticket', groupLabels: { alertname: 'HighErrorRate', service: 'payments' } });
      expect(payload.alerts.map((alert) => alert.labels.route).sort()).toEqual(['/charges', '/refunds']);
    });

    it("inhibits a service's other alerts while its ServiceDown fires", async () => {
      await client.post(serviceDownAlert({ service: 'checkout', instance: '127.0.0.1:3000', reason: 'scrapes failed for a minute' }));
      const down = await notification('the ServiceDown page', (p) => p.groupLabels.alertname === 'ServiceDown');
      expect(down).toMatchObject({ receiver: 'page', groupLabels: { alertname: 'ServiceDown', service: 'checkout' } });

      await client.post(highErrorRateAlert({ service: 'checkout', errorRate: 1, threshold: 0.05, window: '5m' }));
      const [inhibited] = await eventually(
        async () => {
          const alerts = await client.list({ labels: { alertname: 'HighErrorRate', service: 'checkout' } });
          return alerts[0]?.status.state === 'suppressed' ? alerts : undefined;
        },
        'HighErrorRate of checkout to be suppressed',
        { timeoutMs: 10_000, intervalMs: 50, retryErrors: true },
      );
      const [serviceDown] = await client.list({ labels: { alertname: 'ServiceDown', service: 'checkout' } });
      expect(inhibited?.status.inhibitedBy).toEqual([serviceDown?.fingerprint]);

      // A ticket posted after it, for a service that is up, is delivered; the inhibited one,
      // posted first on the same route and timers, is not.
      await client.post(highErrorRateAlert({ service: 'inventory', errorRate: 1, threshold: 0.05, window: '5m' }));
      await notification('the inventory ticket', (p) => p.groupLabels.service === 'inventory');
      expect(received.filter((p) => p.groupLabels.alertname === 'HighErrorRate' && p.groupLabels.service === 'checkout')).toEqual([]);
    });
  });
});
