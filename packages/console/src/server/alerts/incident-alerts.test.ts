import { describe, expect, it } from 'vitest';
import type { Incident } from '../store/index.js';
import { incidentAlertsOf } from './incident-alerts.js';

const NOW = Date.UTC(2026, 11, 4, 23);
const settings = { consoleUrl: () => 'http://127.0.0.1:18888', intervalMs: 30_000 };

const incident = (id: number, fields: Partial<Incident> = {}): Incident => ({
  id,
  title: 'Checkout failing',
  severity: 'sev1',
  status: 'investigating',
  summary: '',
  createdBy: 'on-call',
  createdMs: NOW - 60_000,
  updatedMs: NOW - 60_000,
  resolvedMs: null,
  alertKeys: [],
  ...fields,
});

describe('incident alerts', () => {
  it('one per open incident, named by the incident, routed by its grade, linking to its page', () => {
    const alerts = incidentAlertsOf(
      [
        incident(3),
        incident(4, { severity: 'sev2', status: 'monitoring' }),
        incident(5, { severity: 'sev3' }),
        incident(6, { status: 'resolved' }),
      ],
      NOW,
      settings,
    );
    expect(alerts.map((alert) => alert.labels)).toEqual([
      { alertname: 'SightlineIncident', incident: 'INC-3', severity: 'critical', incident_severity: 'sev1' },
      { alertname: 'SightlineIncident', incident: 'INC-4', severity: 'warning', incident_severity: 'sev2' },
      { alertname: 'SightlineIncident', incident: 'INC-5', severity: 'info', incident_severity: 'sev3' },
    ]);
    expect(alerts[0]).toMatchObject({
      annotations: { summary: 'INC-3 (SEV1): Checkout failing', description: 'investigating; declared by on-call' },
      generatorURL: 'http://127.0.0.1:18888/incidents/3',
      startsAt: new Date(NOW - 60_000),
      endsAt: new Date(NOW + 90_000),
    });
  });
});
