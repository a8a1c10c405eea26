import { parseSloSpecs, sloAlertDefinitions } from '@sightline/slo';
import { describe, expect, it } from 'vitest';
import type { BurnCondition, SloStatus } from '../slo/index.js';
import { sloAlertsOf } from './slo-alerts.js';

const [spec] = parseSloSpecs(
  'version: sightline/v1\nservice: orders-api\nslos:\n  - { name: availability, objective: 99.9, sli: { availability: {} }, alerting: { page_alert: { labels: { team: pager } } } }\n',
  { source: 'orders.slo.yaml' },
);
const slo = spec!.slos[0]!;
const NOW = Date.UTC(2026, 11, 4, 12);
const SETTINGS = { consoleUrl: () => 'http://127.0.0.1:18888', intervalMs: 30_000 };

/** A status whose conditions of `firing` severities fire (only the conditions matter to the alerts). */
function statusFiring(...firing: ('page' | 'ticket')[]): SloStatus {
  const condition = (severity: 'page' | 'ticket', on: boolean): BurnCondition => ({
    severity,
    short: '5m',
    long: '1h',
    threshold: 14.4,
    burning: on,
    firing: on,
  });
  return {
    conditions: [
      condition('page', firing.includes('page')),
      condition('page', false),
      condition('ticket', firing.includes('ticket')),
      condition('ticket', false),
    ],
  } as SloStatus;
}

describe('sloAlertsOf', () => {
  it('sends the alert of each severity one of whose conditions fires, with the generated rule’s labels and annotations', () => {
    const [page, ticket] = sloAlertDefinitions(spec!, slo);
    expect(sloAlertsOf([{ spec: spec!, slo, status: statusFiring('ticket') }], NOW, SETTINGS)).toEqual([
      {
        labels: { alertname: ticket!.alertname, ...ticket!.labels },
        annotations: ticket!.annotations,
        generatorURL: 'http://127.0.0.1:18888/slos/orders-api-availability',
        endsAt: new Date(NOW + 90_000),
      },
    ]);
    const both = sloAlertsOf([{ spec: spec!, slo, status: statusFiring('page', 'ticket') }], NOW, SETTINGS);
    expect(both.map((alert) => alert.labels.severity)).toEqual(['page', 'ticket']);
    expect(both[0]!.labels).toEqual({ alertname: page!.alertname, ...page!.labels });
    expect(both[0]!.labels.team).toBe('pager');
  });

  it('sends nothing while no condition fires', () => {
    expect(sloAlertsOf([{ spec: spec!, slo, status: statusFiring() }], NOW, SETTINGS)).toEqual([]);
  });
});
