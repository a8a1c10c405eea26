import { createAlertmanagerClient } from '@sightline/sdk/alertmanager';
import { eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerServer, startAlertmanager } from '../../../sdk/test/integration/alertmanager-server.js';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { type RunningConsole, startConsole } from '../../src/index.js';
import { generateErrorOccurrences } from '../../src/server/store/testing/index.js';
import { tracesRequest } from './browser/otlp-json.js';

const binaries = requireBinaries(['prometheus-alertmanager'], 'prometheus-alertmanager');
const MS = 1_000_000n;

describe.skipIf(binaries.skip)('alerts for new and regressed error groups, sent to a real Alertmanager', () => {
  let alertmanager: AlertmanagerServer;
  let running: RunningConsole;

  beforeAll(async () => {
    alertmanager = await startAlertmanager(binaries.path('prometheus-alertmanager'));
    running = await startConsole({ memory: true, port: 0, otlpPort: 0, alertmanager: alertmanager.url, errorAlertIntervalMs: 500 });
  }, 30_000);
  afterAll(async () => {
    await running?.close();
    await alertmanager?.stop();
  });

  /** The console's error alerts Alertmanager holds as active, as `alertname fingerprint` lines. */
  const active = async () => {
    const alerts = await createAlertmanagerClient({ url: alertmanager.url }).list();
    return alerts
      .filter((alert) => alert.labels.alertname?.startsWith('SightlineError'))
      .map((alert) => `${alert.labels.alertname} ${alert.labels.fingerprint}`)
      .sort();
  };
  const exportOccurrences = async (fingerprint: string, newestMs: number, version: string) => {
    const spans = generateErrorOccurrences({ fingerprint, newestNs: BigInt(newestMs) * MS, spanOccurrences: 1 }).spans.map((span) => ({
      ...span,
      resourceAttributes: { 'service.version': version },
    }));
    const response = await fetch(`${running.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tracesRequest(spans)),
    });
    expect(response.status).toBe(200);
  };
  const setStatus = async (fingerprint: string, status: string) => {
    const response = await fetch(`${running.url}/api/errors/${fingerprint}/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });
    expect(response.status).toBe(200);
  };
  const until = (expected: string[], what: string) => {
    let seen: string[] = [];
    return eventually(
      async () => {
        seen = await active();
        return seen.join('\n') === expected.join('\n') ? true : undefined;
      },
      what,
      { timeoutMs: 10_000, intervalMs: 100, details: () => `Alertmanager holds: ${JSON.stringify(seen)}` },
    );
  };

  it('pages once for a new error, stops when it is resolved, pages again when it comes back, and stops when it is ignored', async () => {
    expect(running.alertmanager).toBe(alertmanager.url);
    await exportOccurrences('alertgroup000001', Date.now() - 5_000, '2.1.0');
    await until(['SightlineErrorNew alertgroup000001'], 'the new-error alert');
    const [alert] = (await createAlertmanagerClient({ url: alertmanager.url }).list()).filter(
      (entry) => entry.labels.fingerprint === 'alertgroup000001',
    );
    expect(alert?.labels).toMatchObject({ error_type: 'CardDeclinedError', service: 'payments' });
    expect(alert?.annotations.summary).toBe('a new error: CardDeclinedError in payments (release 2.1.0)');
    expect(alert?.generatorURL).toBe(`${running.url}/errors/alertgroup000001`);

    // Resolved in the console: the alert ends at once, not when it would have run out.
    await setStatus('alertgroup000001', 'resolved');
    await until([], 'the new-error alert resolved');

    // It happens again in another release: a regression alert.
    await exportOccurrences('alertgroup000001', Date.now() + 1_000, '2.2.0');
    await until(['SightlineErrorRegressed alertgroup000001'], 'the regression alert');
    const [regressed] = await createAlertmanagerClient({ url: alertmanager.url }).list();
    expect(regressed?.annotations.summary).toBe('CardDeclinedError in payments happened again after it was resolved (release 2.2.0)');

    await setStatus('alertgroup000001', 'ignored');
    await until([], 'the regression alert resolved once ignored');
  });
});
