import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlertmanagerClient } from '@sightline/sdk/alertmanager';
import { eventually } from '@sightline/sdk/testing';
import { parseSloSpecs, sloAlertDefinitions } from '@sightline/slo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerServer, startAlertmanager } from '../../../sdk/test/integration/alertmanager-server.js';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { type RunningConsole, startConsole } from '../../src/index.js';
import type { SpanRow } from '../../src/server/store/index.js';
import { generateErrorOccurrences } from '../../src/server/store/testing/index.js';
import { exportSpans, tracesRequest } from './browser/otlp-json.js';

const binaries = requireBinaries(['prometheus-alertmanager'], 'prometheus-alertmanager');
const MS = 1_000_000n;

/** A real Alertmanager and a console sending it alerts every 500 ms, started for the describe block that calls this. */
function alertmanagerWithConsole(): { alertmanager: () => AlertmanagerServer; running: () => RunningConsole } {
  let alertmanager: AlertmanagerServer | undefined;
  let running: RunningConsole | undefined;
  beforeAll(async () => {
    alertmanager = await startAlertmanager(binaries.path('prometheus-alertmanager'));
    running = await startConsole({ memory: true, port: 0, otlpPort: 0, alertmanager: alertmanager.url, alertIntervalMs: 500 });
  }, 30_000);
  afterAll(async () => {
    await running?.close();
    await alertmanager?.stop();
  });
  return { alertmanager: () => alertmanager as AlertmanagerServer, running: () => running as RunningConsole };
}

describe.skipIf(binaries.skip)('alerts for error groups and SLOs, sent to a real Alertmanager', () => {
  const { alertmanager, running } = alertmanagerWithConsole();

  /** The alerts Alertmanager holds as active, as `alertname fingerprint` (error groups) or `alertname sloth_id` (SLOs) lines. */
  const active = async () => {
    const alerts = await createAlertmanagerClient({ url: alertmanager().url }).list();
    return alerts.map((alert) => `${alert.labels.alertname} ${alert.labels.fingerprint ?? alert.labels.sloth_id}`).sort();
  };
  const exportOccurrences = async (fingerprint: string, newestMs: number, version: string) => {
    const spans = generateErrorOccurrences({ fingerprint, newestNs: BigInt(newestMs) * MS, spanOccurrences: 1 }).spans.map((span) => ({
      ...span,
      resourceAttributes: { 'service.version': version },
    }));
    const response = await fetch(`${running().otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tracesRequest(spans)),
    });
    expect(response.status).toBe(200);
  };
  const setStatus = async (fingerprint: string, status: string) => {
    const response = await fetch(`${running().url}/api/errors/${fingerprint}/status`, {
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
    expect(running().alertmanager).toBe(alertmanager().url);
    await exportOccurrences('alertgroup000001', Date.now() - 5_000, '2.1.0');
    await until(['SightlineErrorNew alertgroup000001'], 'the new-error alert');
    const [alert] = (await createAlertmanagerClient({ url: alertmanager().url }).list()).filter(
      (entry) => entry.labels.fingerprint === 'alertgroup000001',
    );
    expect(alert?.labels).toMatchObject({ error_type: 'CardDeclinedError', service: 'payments' });
    expect(alert?.annotations.summary).toBe('a new error: CardDeclinedError in payments (release 2.1.0)');
    expect(alert?.generatorURL).toBe(`${running().url}/errors/alertgroup000001`);
    // The console lists what it sends, and where.
    const listed = (await (await fetch(`${running().url}/api/alerts`)).json()) as {
      alerts: { kind: string; path: string; summary: string }[];
      delivery: { url: string; lastSentMs: number | null; lastError: string | null };
    };
    expect(listed.alerts).toEqual([
      expect.objectContaining({
        kind: 'error-new',
        path: '/errors/alertgroup000001',
        summary: 'a new error: CardDeclinedError in payments (release 2.1.0)',
      }),
    ]);
    expect(listed.delivery).toMatchObject({ url: alertmanager().url, lastError: null });
    expect(listed.delivery.lastSentMs).toBeGreaterThan(0);

    // Resolved in the console: the alert ends at once, not when it would have run out.
    await setStatus('alertgroup000001', 'resolved');
    await until([], 'the new-error alert resolved');

    // It happens again in another release: a regression alert.
    await exportOccurrences('alertgroup000001', Date.now() + 1_000, '2.2.0');
    await until(['SightlineErrorRegressed alertgroup000001'], 'the regression alert');
    const [regressed] = await createAlertmanagerClient({ url: alertmanager().url }).list();
    expect(regressed?.annotations.summary).toBe('CardDeclinedError in payments happened again after it was resolved (release 2.2.0)');
    // The console says since when: its source cannot, the history's open episode can.
    const { alerts: now, history: episodes } = (await (await fetch(`${running().url}/api/alerts`)).json()) as {
      alerts: { kind: string; startsAtMs: number | null }[];
      history: { kind: string; startMs: number; endMs: number | null }[];
    };
    const episode = episodes.find((entry) => entry.kind === 'error-regressed' && entry.endMs === null);
    expect(episode).toBeDefined();
    expect(now).toEqual([expect.objectContaining({ kind: 'error-regressed', startsAtMs: episode?.startMs })]);

    await setStatus('alertgroup000001', 'ignored');
    await until([], 'the regression alert resolved once ignored');
    // The history: the new-error episode and the regression's, both over, newest first.
    const history = await eventually(
      async () => {
        const { history } = (await (await fetch(`${running().url}/api/alerts`)).json()) as {
          history: { kind: string; endMs: number | null }[];
        };
        return history.length === 2 && history.every((episode) => episode.endMs !== null) ? history : undefined;
      },
      'two closed episodes',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(history.map((episode) => episode.kind)).toEqual(['error-regressed', 'error-new']);
  });

  it('pages for an SLO whose budget burns too fast, as the generated Prometheus rule would, and ends the page when the burn stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-alerts-slo-'));
    const spec =
      'version: sightline/v1\nservice: checkout\nlabels: { team: shop }\nslos:\n  - { name: availability, objective: 99.9, sli: { availability: { routes: [/checkout] } }, alerting: { runbook_url: "https://runbooks.example.com/checkout" } }\n';
    writeFileSync(join(dir, 'checkout.slo.yaml'), spec);
    const sloConsole = await startConsole({
      memory: true,
      port: 0,
      otlpPort: 0,
      slo: [join(dir, 'checkout.slo.yaml')],
      alertmanager: alertmanager().url,
      alertIntervalMs: 500,
    });
    const send = async (spans: SpanRow[]) => {
      const response = await fetch(`${sloConsole.otlpUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(tracesRequest(spans)),
      });
      expect(response.status).toBe(200);
    };
    const request = (n: number, atMs: number, status: number): SpanRow => ({
      traceId: (0x5000 + n).toString(16).padStart(32, '0'),
      spanId: (0x5000 + n).toString(16).padStart(16, '0'),
      name: 'POST /checkout',
      kind: 2,
      startTimeUnixNano: BigInt(atMs) * MS,
      endTimeUnixNano: BigInt(atMs + 20) * MS,
      statusCode: status >= 500 ? 2 : 0,
      serviceName: 'checkout',
      attributes: { 'http.route': '/checkout', 'http.request.method': 'POST', 'http.response.status_code': status },
    });
    try {
      // Two hours of failed checkouts, one a minute: the page's 1 h and 5 min windows burn far above 14.4x,
      // over data that covers them; the ticket's need a day of data and stay quiet.
      const now = Date.now();
      await send(Array.from({ length: 120 }, (_, i) => request(i, now - (120 - i) * 60_000, 500)));
      const [parsed] = parseSloSpecs(spec, { source: 'checkout.slo.yaml' });
      const page = sloAlertDefinitions(parsed!, parsed!.slos[0]!).find((definition) => definition.severity === 'page')!;
      await until([`${page.alertname} checkout-availability`], 'the SLO page');
      const [alert] = (await createAlertmanagerClient({ url: alertmanager().url }).list()).filter(
        (entry) => entry.labels.alertname === page.alertname,
      );
      // The labels and annotations the generated rule fires with (promtool checks those against Prometheus).
      expect(alert?.labels).toEqual({ alertname: page.alertname, ...page.labels });
      expect(alert?.labels).toMatchObject({
        severity: 'page',
        sloth_severity: 'page',
        service: 'checkout',
        slo: 'availability',
        team: 'shop',
      });
      expect(alert?.annotations).toEqual(page.annotations);
      expect(alert?.generatorURL).toBe(`${sloConsole.url}/slos/checkout-availability`);
      const listed = (await (await fetch(`${sloConsole.url}/api/alerts`)).json()) as {
        alerts: { kind: string; severity: string; path: string }[];
      };
      expect(listed.alerts).toEqual([
        expect.objectContaining({
          kind: 'slo-burn',
          severity: 'page',
          path: '/slos/checkout-availability',
          runbookUrl: 'https://runbooks.example.com/checkout',
        }),
      ]);
      expect(alert?.annotations.runbook_url).toBe('https://runbooks.example.com/checkout');

      // The last five minutes good again (5,000 good checkouts): the short window no longer burns, the page ends.
      await send(Array.from({ length: 5_000 }, (_, i) => request(1_000 + i, Date.now() - 4 * 60_000 + Math.floor(i / 25), 200)));
      await until([], 'the SLO page resolved');
    } finally {
      await sloConsole.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(binaries.skip)('silences made and ended from the console, in a real Alertmanager', () => {
  const { alertmanager, running } = alertmanagerWithConsole();
  type Listed = {
    alerts: { alertname: string; labels: Record<string, string>; silencedBy: string[] }[];
    silences: { id: string; state: string; createdBy: string; comment: string; endsAtMs: number; matchers: unknown[] }[] | null;
    silenceError: string | null;
  };
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${running().url}${path}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const post = (body: unknown) =>
    api('/api/silences', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('silences a new-error alert by its labels: the console and Alertmanager both show it muted until it is expired', async () => {
    const spans = generateErrorOccurrences({
      fingerprint: 'silencegroup0001',
      newestNs: BigInt(Date.now() - 2_000) * MS,
      spanOccurrences: 1,
    });
    await exportSpans(running().otlpUrl, spans.spans);
    const am = createAlertmanagerClient({ url: alertmanager().url });
    await eventually(async () => ((await am.list()).length === 1 ? true : undefined), 'the new-error alert in Alertmanager', {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    const [alert] = ((await api('/api/alerts')).body as Listed).alerts;
    expect(alert?.silencedBy).toEqual([]);

    const created = await post({
      labels: { alertname: alert?.alertname, ...alert?.labels },
      durationMs: 2 * 3_600_000,
      createdBy: 'on-call',
      comment: 'card processor outage',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const listed = (await api('/api/alerts')).body as Listed;
    expect(listed.alerts[0]?.silencedBy).toEqual([id]);
    expect(listed.silenceError).toBeNull();
    expect(listed.silences).toEqual([
      expect.objectContaining({ id, state: 'active', createdBy: 'on-call', comment: 'card processor outage' }),
    ]);
    expect(listed.silences?.[0]?.endsAtMs).toBeGreaterThan(Date.now() + 3_590_000);
    expect((await api('/api/silences')).body).toEqual({ alertmanager: alertmanager().url, silences: listed.silences });
    // Alertmanager holds the alert as suppressed by that silence: its notifications stop.
    await eventually(
      async () =>
        (await am.list()).find((entry) => entry.status.silencedBy.includes(id))?.status.state === 'suppressed' ? true : undefined,
      'Alertmanager to suppress the alert',
      { timeoutMs: 10_000, intervalMs: 100 },
    );

    const expired = await api(`/api/silences/${id}`, { method: 'DELETE' });
    expect(expired).toEqual({ status: 200, body: { id, expired: true } });
    const after = (await api('/api/alerts')).body as Listed;
    expect([after.alerts[0]?.silencedBy, after.silences]).toEqual([[], []]);
    expect((await api('/api/silences/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status).toBe(404);
  });

  it('tells Alertmanager of an open incident, routed by its grade, and stops when it is resolved', async () => {
    const am = createAlertmanagerClient({ url: alertmanager().url });
    const incidents = async () =>
      (await am.list({ labels: { alertname: 'SightlineIncident' } }))
        .map((alert) => `${alert.labels.incident} ${alert.labels.severity} ${alert.annotations.summary}`)
        .sort();
    const untilIncidents = (expected: string[], what: string) =>
      eventually(async () => ((await incidents()).join('\n') === expected.join('\n') ? true : undefined), what, {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
    const send = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${running().url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBeLessThan(300);
      return (await response.json()) as { id: number };
    };
    const { id } = await send('POST', '/api/incidents', { title: 'Checkout down', severity: 'sev1', createdBy: 'on-call' });
    await untilIncidents([`INC-${id} critical INC-${id} (SEV1): Checkout down`], 'the SEV1 incident paging');
    const [paging] = await am.list({ labels: { alertname: 'SightlineIncident' } });
    expect(paging?.generatorURL).toBe(`${running().url}/incidents/${id}`);
    // Re-graded: the SEV2 alert replaces the SEV1 one (its receiver is another).
    await send('PATCH', `/api/incidents/${id}`, { author: 'lead', severity: 'sev2' });
    await untilIncidents([`INC-${id} warning INC-${id} (SEV2): Checkout down`], 'the re-graded incident');
    await send('PATCH', `/api/incidents/${id}`, { author: 'lead', status: 'resolved' });
    await untilIncidents([], 'the resolved incident');
  });

  it('refuses a bad silence with each field named, and what Alertmanager refuses with its own message', async () => {
    const bad = await post({ labels: {}, durationMs: 1_000, createdBy: ' ', note: 'x' });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { parameter: string }[]).map((issue) => issue.parameter).sort()).toEqual([
      'comment',
      'createdBy',
      'durationMs',
      'note',
    ]);
    const everything = await post({
      matchers: [{ name: 'alertname', value: '.*', isRegex: true }],
      durationMs: 60_000,
      createdBy: 'a',
      comment: 'b',
    });
    expect(everything.status).toBe(400);
    expect(everything.body.issues).toEqual([
      { parameter: 'matchers', message: 'at least one matcher must not match the empty string (else the silence would mute every alert)' },
    ]);
    expect((await api('/api/silences/not-a-uuid', { method: 'DELETE' })).body).toMatchObject({ error: 'bad_request' });
    // RE2 syntax JavaScript reads differently: Alertmanager's own verdict comes back.
    const re2 = await post({
      matchers: [{ name: 'service', value: '(?P<x>a)', isRegex: true }],
      durationMs: 60_000,
      createdBy: 'a',
      comment: 'b',
    });
    expect(re2.status).toBe(400);
  });
});

describe('silences without a reachable Alertmanager', () => {
  it('answer 409 without --alertmanager and 502 when it is out of reach; /api/alerts says why and lists the alerts all the same', async () => {
    const without = await startConsole({ memory: true, port: 0, otlpPort: 0 });
    const closedPort = await startConsole({ memory: true, port: 0, otlpPort: 0, alertmanager: 'http://127.0.0.1:9' });
    try {
      const refused = await fetch(`${without.url}/api/silences`);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { message: string }).message).toContain('--alertmanager URL');
      expect(await (await fetch(`${without.url}/api/alerts`)).json()).toMatchObject({ silences: null, silenceError: null });

      const unreachable = await fetch(`${closedPort.url}/api/silences`);
      expect(unreachable.status).toBe(502);
      expect(((await unreachable.json()) as { message: string }).message).toMatch(/^Alertmanager at http:\/\/127\.0\.0\.1:9 failed: /);
      const listed = (await (await fetch(`${closedPort.url}/api/alerts`)).json()) as { silences: unknown; silenceError: string | null };
      expect(listed.silences).toBeNull();
      expect(listed.silenceError).toMatch(/^Alertmanager at http:\/\/127\.0\.0\.1:9 failed: /);
    } finally {
      await without.close();
      await closedPort.close();
    }
  });
});

describe('alerts without an Alertmanager', () => {
  it('are listed by /api/alerts all the same, with no delivery, and kept in the alert history from start to end', async () => {
    const running = await startConsole({ memory: true, port: 0, otlpPort: 0, alertIntervalMs: 500 });
    type Listed = {
      alerts: { kind: string; path: string }[];
      history: { kind: string; path: string; summary: string; startMs: number; endMs: number | null }[];
      delivery: unknown;
    };
    const listed = async () => (await (await fetch(`${running.url}/api/alerts`)).json()) as Listed;
    try {
      const newestMs = Date.now() - 1_000;
      const spans = generateErrorOccurrences({
        fingerprint: 'listedonly000001',
        newestNs: BigInt(newestMs) * MS,
        spanOccurrences: 1,
      }).spans;
      await running.store.ingestOtlp('traces', 'json', Buffer.from(JSON.stringify(tracesRequest(spans))));
      const first = await listed();
      expect(first.alerts).toEqual([expect.objectContaining({ kind: 'error-new', path: '/errors/listedonly000001' })]);
      expect(first.delivery).toBeNull();
      // A round opens its episode, from the group's first occurrence.
      const [open] = await eventually(
        async () => ((await listed()).history.length > 0 ? (await listed()).history : undefined),
        'an open episode',
        {
          timeoutMs: 10_000,
          intervalMs: 100,
        },
      );
      expect(open).toMatchObject({ kind: 'error-new', path: '/errors/listedonly000001', endMs: null, startMs: newestMs });
      expect(open?.summary).toBe('a new error: CardDeclinedError in payments');
      // Resolved: the next round closes it.
      await fetch(`${running.url}/api/errors/listedonly000001/status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"status":"resolved"}',
      });
      const [closed] = await eventually(
        async () => ((await listed()).history[0]?.endMs !== null ? (await listed()).history : undefined),
        'the episode closed',
        {
          timeoutMs: 10_000,
          intervalMs: 100,
        },
      );
      expect(closed?.endMs).toBeGreaterThan(closed!.startMs);
      expect((await listed()).alerts).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
