import { describe, expect, it } from 'vitest';
import { durationText } from './duration-text.js';
import type { IncidentView } from './incident-view.js';
import { postmortemMarkdown } from './postmortem.js';

const T = Date.UTC(2026, 11, 4, 22, 0, 0);
const MIN = 60_000;

const view: IncidentView = {
  incident: {
    id: 7,
    title: 'Checkout | payments failing',
    severity: 'sev2',
    status: 'resolved',
    summary: 'Card payments failed for 40 minutes.',
    createdBy: 'on-call',
    createdMs: T + 5 * MIN,
    updatedMs: T + 45 * MIN,
    resolvedMs: T + 45 * MIN,
    alertKeys: ['k'],
  },
  events: [],
  alerts: [
    {
      key: 'k',
      alertname: 'SightlineErrorNew',
      labels: { fingerprint: 'f00d' },
      summary: 'a new error: CardDeclinedError in payments',
      path: '/errors/f00d',
      episodes: [{ startMs: T, endMs: T + 15 * MIN }],
    },
  ],
  errorGroups: [
    {
      fingerprint: 'f00d',
      type: 'CardDeclinedError',
      message: 'card declined | by issuer',
      services: ['payments'],
      occurrences: 1234,
      path: '/errors/f00d',
    },
  ],
  timeline: [
    { atMs: T, kind: 'alert-fired', author: null, text: 'alert fired: a new error: CardDeclinedError in payments', ref: '/errors/f00d' },
    { atMs: T + 5 * MIN, kind: 'declared', author: 'on-call', text: 'declared SEV2: Checkout | payments failing', ref: null },
    { atMs: T + 10 * MIN, kind: 'note', author: 'on-call', text: 'processor down\nswitching to the backup', ref: null },
    { atMs: T + 12 * MIN, kind: 'link', author: 'lead', text: 'a failed checkout', ref: '/traces/4bf92f35' },
    { atMs: T + 45 * MIN, kind: 'status', author: 'lead', text: 'monitoring → resolved', ref: null },
  ],
  detectedMs: T,
  durationMs: 45 * MIN,
};

describe('the postmortem draft', () => {
  it('fills in the facts: times and how long each took, impact, alerts, timeline; leaves the judgement to write', () => {
    const lines = postmortemMarkdown(view, 'http://127.0.0.1:18888', T + 60 * MIN).split('\n');
    expect(lines[0]).toBe('# INC-7: Checkout | payments failing');
    expect(lines).toContain('| Severity | SEV2 |');
    expect(lines).toContain('| Detected | 2026-12-04 22:00:00 UTC (first alert) |');
    expect(lines).toContain('| Declared | 2026-12-04 22:05:00 UTC by on-call, 5 min after detection |');
    expect(lines).toContain('| Resolved | 2026-12-04 22:45:00 UTC, 45 min in all |');
    expect(lines).toContain('Card payments failed for 40 minutes.');
    expect(lines).toContain(
      '- [CardDeclinedError](http://127.0.0.1:18888/errors/f00d) in payments: 1234 occurrences during the incident (card declined \\| by issuer)',
    );
    expect(lines).toContain(
      '| [a new error: CardDeclinedError in payments](http://127.0.0.1:18888/errors/f00d) | 2026-12-04 22:00:00 UTC | 2026-12-04 22:15:00 UTC | 15 min |',
    );
    const timeline = lines.slice(lines.indexOf('## Timeline') + 2, lines.indexOf('## Root cause') - 1);
    expect(timeline).toEqual([
      '- 2026-12-04 22:00:00 UTC: alert fired: a new error: CardDeclinedError in payments ([page](http://127.0.0.1:18888/errors/f00d))',
      '- 2026-12-04 22:05:00 UTC: on-call: declared SEV2: Checkout | payments failing',
      '- 2026-12-04 22:10:00 UTC: on-call: processor down',
      '  switching to the backup',
      '- 2026-12-04 22:12:00 UTC: lead: linked [a failed checkout](http://127.0.0.1:18888/traces/4bf92f35)',
      '- 2026-12-04 22:45:00 UTC: lead: monitoring → resolved',
    ]);
    for (const section of ['## Root cause', '## What went well', '## What went wrong', '## Action items']) expect(lines).toContain(section);
  });

  it('writes stored text as text: no HTML, no script, no javascript: link, no emphasis from telemetry or notes', () => {
    const img = '<img src=x onerror=alert("xss")>';
    const hostile: IncidentView = {
      ...view,
      incident: { ...view.incident, title: `Checkout <script>alert(1)</script>`, summary: `see [click me](javascript:alert(1)) ${img}` },
      errorGroups: [{ ...view.errorGroups[0]!, type: `Evil${img}Error`, message: '**bold** _x_ `code`' }],
      alerts: [{ ...view.alerts[0]!, summary: `a new error: Evil${img}Error in payments (v<script>1</script>)` }],
      timeline: [
        { atMs: T, kind: 'note', author: '<b>mallory</b>', text: `[click me](javascript:alert(1)) ${img}`, ref: null },
        { atMs: T + MIN, kind: 'link', author: 'lead', text: 'a page', ref: 'javascript:alert(1)' },
      ],
    };
    const text = postmortemMarkdown(hostile, 'http://127.0.0.1:18888', T + 60 * MIN);
    // Every '<' and '[' that came from stored text is escaped: a renderer shows them as characters.
    expect(text).not.toMatch(/(?<!\\)<(img|script|b)\b/);
    expect(text).not.toMatch(/(?<!\\)\[click me\]\(javascript:/);
    expect(text.split('\n')[0]).toBe('# INC-7: Checkout \\<script\\>alert(1)\\</script\\>');
    expect(text).toContain('(\\*\\*bold\\*\\* \\_x\\_ \\`code\\`)');
    // A link whose target is no http(s) URL or console path is its label alone.
    expect(text).toContain(': lead: linked a page');
    // The console's own links stay links.
    expect(text).toContain('](http://127.0.0.1:18888/errors/f00d)');
  });

  it('says an open incident is not resolved yet, and what a missing summary, impact or alert would hold', () => {
    const open: IncidentView = {
      ...view,
      incident: { ...view.incident, status: 'investigating', resolvedMs: null, summary: ' ' },
      alerts: [],
      errorGroups: [],
      detectedMs: null,
      durationMs: 55 * MIN,
    };
    const text = postmortemMarkdown(open, 'http://c', T + 60 * MIN);
    expect(text).toContain('| Resolved | not yet (55 min so far, at 2026-12-04 23:00:00 UTC) |');
    expect(text).toContain('| Declared | 2026-12-04 22:05:00 UTC by on-call |');
    expect(text).not.toContain('| Detected |');
    expect(text).toContain('_What happened, in a few sentences._');
    expect(text).toContain('_Who and what was affected, and for how long._');
    expect(text).toContain('_No alert was attached._');
  });

  it('writes durations to the unit that reads best', () => {
    expect([40_000, 12 * MIN, 65 * MIN, 120 * MIN, 50 * 60 * MIN].map(durationText)).toEqual(['40 s', '12 min', '1 h 5 min', '2 h', '2 d']);
  });
});
