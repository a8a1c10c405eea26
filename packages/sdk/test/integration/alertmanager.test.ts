import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertmanagerAlert,
  type AlertmanagerClient,
  AlertmanagerError,
  createAlertmanagerClient,
  createObserver,
  highErrorRateAlert,
  serviceDownAlert,
} from '../../src/index.js';
import { eventually } from '../../src/testing/index.js';
import { requireBinaries } from '../support/system-binary.js';
import { type AlertmanagerServer, startAlertmanager } from './alertmanager-server.js';

const binaries = requireBinaries(['prometheus-alertmanager', 'amtool'], 'prometheus-alertmanager');
const run = promisify(execFile);

/** Polls GET /api/v2/alerts until `accept` likes what it returns. */
function listUntil(client: AlertmanagerClient, service: string, accept: (alerts: AlertmanagerAlert[]) => boolean, what: string) {
  return eventually(
    async () => {
      const alerts = await client.list({ labels: { service } });
      return accept(alerts) ? alerts : undefined;
    },
    what,
    { retryErrors: true, timeoutMs: 10_000, intervalMs: 50 },
  );
}

describe.skipIf(binaries.skip)('Alertmanager v2 client against a real Alertmanager', () => {
  let alertmanager: AlertmanagerServer;
  let client: AlertmanagerClient;

  beforeAll(async () => {
    alertmanager = await startAlertmanager(binaries.path('prometheus-alertmanager'));
    client = createAlertmanagerClient({ url: alertmanager.url, defaultLabels: { environment: 'test' }, retries: 1, retryDelayMs: 10 });
  });

  afterAll(async () => {
    await alertmanager?.stop();
  });

  it('posts HighErrorRate and ServiceDown; both are listed with their labels and annotations', async () => {
    const errorRate = highErrorRateAlert({
      service: 'checkout',
      route: '/orders/:id',
      errorRate: 0.125,
      threshold: 0.05,
      window: '5m',
      runbookUrl: 'https://runbooks.example.com/high-error-rate',
    });
    const down = serviceDownAlert({ service: 'checkout', instance: '127.0.0.1:3000', reason: 'health check failed 3 times in a row' });
    await client.post([errorRate, down]);

    const alerts = await listUntil(client, 'checkout', (found) => found.length === 2, 'both alerts to be listed');
    const byName = new Map(alerts.map((alert) => [alert.labels.alertname, alert]));
    expect(byName.get('HighErrorRate')).toMatchObject({
      labels: { alertname: 'HighErrorRate', severity: 'warning', service: 'checkout', route: '/orders/:id', environment: 'test' },
      annotations: {
        summary: 'High error rate on checkout /orders/:id',
        description: '12.5 % of requests failed over the last 5m, above the 5 % threshold.',
        runbook_url: 'https://runbooks.example.com/high-error-rate',
        error_rate: '0.125',
        threshold: '0.05',
        window: '5m',
      },
      receivers: [{ name: 'sink' }],
    });
    expect(byName.get('ServiceDown')).toMatchObject({
      labels: { alertname: 'ServiceDown', severity: 'critical', service: 'checkout', instance: '127.0.0.1:3000', environment: 'test' },
      annotations: { summary: 'checkout is down on 127.0.0.1:3000', description: 'health check failed 3 times in a row' },
    });
    for (const alert of alerts) expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.now());

    // amtool, Alertmanager's own CLI, sees the same alert.
    const { stdout } = await run(binaries.path('amtool'), [
      'alert',
      'query',
      `--alertmanager.url=${alertmanager.url}`,
      '--output=json',
      'alertname=ServiceDown',
    ]);
    const queried = JSON.parse(stdout) as AlertmanagerAlert[];
    expect(queried.map((alert) => alert.labels.instance)).toEqual(['127.0.0.1:3000']);
  });

  it('filters the list with matchers', async () => {
    const critical = await client.list({ matchers: ['service="checkout"', 'severity=~"crit.*"'] });
    expect(critical.map((alert) => alert.labels.alertname)).toEqual(['ServiceDown']);
  });

  it('resolves ServiceDown: it leaves the list, HighErrorRate stays', async () => {
    await client.resolve(serviceDownAlert({ service: 'checkout', instance: '127.0.0.1:3000', reason: 'recovered' }));
    const alerts = await listUntil(client, 'checkout', (found) => found.length === 1, 'ServiceDown to be resolved');
    expect(alerts[0]?.labels.alertname).toBe('HighErrorRate');
  });

  it('turns Alertmanager’s 400 for an invalid label into an AlertmanagerError carrying its message', async () => {
    const error = await client
      .post({ labels: { alertname: 'Broken', '1bad': 'value' } }, { validate: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AlertmanagerError);
    expect(error).toMatchObject({ code: 'SL_ALERTMANAGER_REJECTED', status: 400, attempts: 1 });
    expect((error as AlertmanagerError).detail).toBe('invalid label set: invalid name "1bad"');
    expect((error as Error).message).toContain('answered 400: invalid label set: invalid name "1bad"');
    // Validated (the default), the same alert never leaves the process.
    await expect(client.post({ labels: { alertname: 'Broken', '1bad': 'value' } })).rejects.toMatchObject({ code: 'SL_ALERT_INVALID' });
  });

  it('silences the HighErrorRate alert: Alertmanager marks it suppressed, amtool lists the silence, expiring it ends both', async () => {
    const id = await client.silence({
      labels: { alertname: 'HighErrorRate', service: 'checkout' },
      matchers: [{ name: 'route', value: '/orders/.*', isRegex: true }],
      durationMs: 3_600_000,
      createdBy: 'on-call',
      comment: 'known: card processor outage',
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [silence] = (await client.silences({ labels: { service: 'checkout' } })).filter((entry) => entry.id === id);
    expect(silence).toMatchObject({ status: { state: 'active' }, createdBy: 'on-call', comment: 'known: card processor outage' });
    expect(silence?.matchers.map(({ name, value, isRegex }) => `${name}${isRegex ? '=~' : '='}${value}`).sort()).toEqual([
      'alertname=HighErrorRate',
      'route=~/orders/.*',
      'service=checkout',
    ]);
    expect(Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '')).toBeGreaterThan(3_590_000);
    const suppressed = await listUntil(
      client,
      'checkout',
      (found) => found.some((alert) => alert.status.silencedBy.includes(id)),
      'the alert to be silenced',
    );
    expect(suppressed.find((alert) => alert.labels.alertname === 'HighErrorRate')?.status.state).toBe('suppressed');
    const { stdout } = await run(binaries.path('amtool'), ['silence', 'query', '-o', 'json', `--alertmanager.url=${alertmanager.url}`]);
    expect((JSON.parse(stdout) as { id: string }[]).map((entry) => entry.id)).toContain(id);

    await client.expireSilence(id);
    await client.expireSilence(id); // ending an ended silence succeeds
    expect((await client.silences()).find((entry) => entry.id === id)?.status.state).toBe('expired');
    await listUntil(client, 'checkout', (found) => found.every((alert) => alert.status.silencedBy.length === 0), 'the silence to end');
  });

  it('refuses a silence that would mute everything before sending it, and an id that is no UUID', async () => {
    const everything = client.silence({
      matchers: [{ name: 'alertname', value: '.*', isRegex: true }],
      durationMs: 60_000,
      createdBy: 'a',
      comment: 'b',
    });
    await expect(everything).rejects.toMatchObject({ code: 'SL_ALERT_INVALID' });
    await expect(everything).rejects.toThrow('at least one matcher must not match the empty string');
    await expect(client.expireSilence('../alerts')).rejects.toMatchObject({ code: 'SL_ALERT_INVALID' });
    // Alertmanager's own word for an unknown silence.
    await expect(client.expireSilence('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'SL_ALERTMANAGER_REJECTED',
      detail: 'silence not found',
    });
  });

  it('is on the observer when alerting.alertmanagerUrl is set, with service and environment labels', async () => {
    const observer = createObserver({
      serviceName: 'inventory',
      environment: 'staging',
      env: { SIGHTLINE_ALERTMANAGER_URL: alertmanager.url },
      registerGlobal: false,
      trace: { enabled: false },
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
    });
    try {
      expect(observer.alerts).toBeDefined();
      await observer.alerts?.post(serviceDownAlert({ service: 'inventory', instance: 'worker-1', reason: 'queue consumer stopped' }));
      await observer.alerts?.post({ labels: { alertname: 'QueueBacklog' }, annotations: { summary: 'backlog above 10k' } });
      const alerts = await listUntil(observer.alerts as AlertmanagerClient, 'inventory', (found) => found.length === 2, 'observer alerts');
      for (const alert of alerts) expect(alert.labels).toMatchObject({ service: 'inventory', environment: 'staging' });
    } finally {
      await observer.shutdown();
    }
    const without = createObserver({ env: {}, registerGlobal: false, trace: { enabled: false }, log: { level: 'silent' } });
    expect(without.alerts).toBeUndefined();
    await without.shutdown();
  });
});
