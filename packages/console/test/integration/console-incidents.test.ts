import { eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';
import { generateErrorOccurrences } from '../../src/server/store/testing/index.js';
import { exportSpans } from './browser/otlp-json.js';

const MS = 1_000_000n;

interface Detail {
  id: number;
  ref: string;
  status: string;
  severity: string;
  resolvedMs: number | null;
  detectedMs: number | null;
  alerts: { alertname: string; labels: Record<string, string>; episodes: { startMs: number; endMs: number | null }[] }[];
  errorGroups: { fingerprint: string; occurrences: number; path: string }[];
  timeline: { kind: string; author: string | null; text: string; ref: string | null }[];
}

describe('incidents through the API', () => {
  let running: RunningConsole;
  const api = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      type,
      body: (type.startsWith('application/json') ? await response.json() : await response.text()) as never,
    };
  };

  beforeAll(async () => {
    running = await startConsole({ memory: true, port: 0, otlpPort: 0, alertIntervalMs: 500 });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('declares one from an alert, keeps its timeline with the alert firing, figures its impact, and drafts the postmortem', async () => {
    const firstMs = Date.now() - 60_000;
    const occurrences = generateErrorOccurrences({
      fingerprint: 'incidentgroup001',
      newestNs: BigInt(firstMs + 30_000) * MS,
      spanOccurrences: 12,
    });
    await exportSpans(running.otlpUrl, occurrences.spans);
    // The alert, and its episode in the history (a round every 500 ms).
    const alert = await eventually(
      async () => {
        const { body } = await api('/api/alerts');
        const { alerts, history } = body as { alerts: { alertname: string; labels: Record<string, string> }[]; history: unknown[] };
        return history.length > 0 ? alerts[0] : undefined;
      },
      'the new-error alert and its episode',
      { timeoutMs: 10_000, intervalMs: 50 },
    );

    const declared = await api('/api/incidents', 'POST', {
      title: 'Card payments failing',
      severity: 'sev2',
      createdBy: 'on-call',
      alerts: [{ alertname: alert?.alertname, labels: alert?.labels }],
      links: [{ url: 'https://runbooks.example.com/payments', text: 'runbook' }],
    });
    expect(declared.status).toBe(201);
    const incident = declared.body as Detail;
    expect(incident).toMatchObject({ id: 1, ref: 'INC-1', status: 'investigating', severity: 'sev2', resolvedMs: null });
    expect(incident.alerts).toEqual([expect.objectContaining({ alertname: 'SightlineErrorNew', labels: alert?.labels })]);
    // Detected when the alert's episode started: the group's first occurrence, before the declaration.
    expect(incident.detectedMs).toBe(incident.alerts[0]?.episodes[0]?.startMs);
    expect(incident.errorGroups).toEqual([
      { ...incident.errorGroups[0], fingerprint: 'incidentgroup001', occurrences: 12, path: '/errors/incidentgroup001' },
    ]);
    expect(incident.timeline.map((entry) => entry.kind)).toEqual(['alert-fired', 'declared', 'alert', 'link']);
    expect(incident.timeline[3]).toMatchObject({ author: 'on-call', text: 'runbook', ref: 'https://runbooks.example.com/payments' });

    const changed = await api('/api/incidents/1', 'PATCH', {
      author: 'lead',
      status: 'identified',
      severity: 'sev1',
      note: 'the card processor is down',
      link: { url: `/traces/${occurrences.spans[0]?.traceId}`, text: 'a failed payment' },
    });
    expect(changed.status).toBe(200);
    expect((changed.body as Detail).timeline.slice(4).map(({ kind, author, text }) => `${kind} ${author}: ${text}`)).toEqual([
      'severity lead: SEV2 → SEV1',
      'status lead: investigating → identified',
      'note lead: the card processor is down',
      'link lead: a failed payment',
    ]);
    // A link typed by hand with a malformed escape is kept as it is and breaks nothing.
    const odd = await api('/api/incidents/1', 'PATCH', { author: 'lead', link: { url: '/errors/%E0%A4%A', text: 'odd' } });
    expect(odd.status).toBe(200);
    expect((odd.body as Detail).errorGroups.map((group) => group.fingerprint)).toEqual(['incidentgroup001']);
    const resolved = (
      await api('/api/incidents/1', 'PATCH', { author: 'lead', status: 'resolved', summary: 'Payments failed for a minute.' })
    ).body as Detail;
    expect(resolved.resolvedMs).toBeGreaterThan(0);
    expect((await api('/api/incidents?state=open')).body).toEqual({ incidents: [] });
    expect((await api('/api/incidents?state=resolved')).body).toEqual({
      incidents: [expect.objectContaining({ ref: 'INC-1', status: 'resolved', alertCount: 1 })],
    });

    const postmortem = await api('/api/incidents/1/postmortem');
    expect(postmortem.status).toBe(200);
    expect(postmortem.type).toBe('text/markdown; charset=utf-8');
    const text = postmortem.body as string;
    expect(text.split('\n')[0]).toBe('# INC-1: Card payments failing');
    expect(text).toContain('| Severity | SEV1 |');
    expect(text).toContain('Payments failed for a minute.');
    expect(text).toContain(`[CardDeclinedError](${running.url}/errors/incidentgroup001) in payments: 12 occurrences during the incident`);
    expect(text).toContain(`lead: linked [a failed payment](${running.url}/traces/${occurrences.spans[0]?.traceId})`);
    expect(text).toContain('lead: identified → resolved');
  });

  it('refuses what is not an incident or not a change, naming each field, and answers 404 for one that does not exist', async () => {
    expect((await api('/api/incidents/99')).status).toBe(404);
    expect((await api('/api/incidents/99', 'PATCH', { author: 'x', note: 'y' })).status).toBe(404);
    expect((await api('/api/incidents/99/postmortem')).status).toBe(404);
    const badId = await api('/api/incidents/INC-1');
    expect([badId.status, (badId.body as { issues: unknown[] }).issues]).toEqual([
      400,
      [{ parameter: 'id', message: 'an incident number, e.g. 3 for INC-3' }],
    ]);
    const bad = await api('/api/incidents', 'POST', { title: ' ', severity: 'sev9', createdBy: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { parameter: string }[] }).issues.map((issue) => issue.parameter).sort()).toEqual([
      'createdBy',
      'extra',
      'severity',
      'title',
    ]);
    for (const url of ['javascript:alert(1)', '//evil.example/x', '/\\evil.example/x', 'data:text/html,x']) {
      const badLink = await api('/api/incidents/1', 'PATCH', { author: 'x', link: { url } });
      expect((badLink.body as { issues: { parameter: string; message: string }[] }).issues, url).toEqual([
        { parameter: 'link', message: 'a console path (/traces/…) or an http(s) URL' },
      ]);
    }
  });
});
