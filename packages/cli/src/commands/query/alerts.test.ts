import { describe, expect, it } from 'vitest';
import { formatAlerts } from './alerts.js';

const AT = Date.UTC(2026, 11, 4, 12);

describe('sightline alerts output', () => {
  it('says where alerts go, lists what calls for one now, and with --history the episodes', () => {
    const text = formatAlerts(
      {
        alerts: [
          {
            alertname: 'OrdersApiAvailability',
            kind: 'slo-burn',
            severity: 'page',
            summary: 'orders-api availability: error budget burning too fast (page)',
            startsAtMs: null,
            path: '/slos/orders-api-availability',
          },
          {
            alertname: 'SightlineErrorNew',
            kind: 'error-new',
            severity: null,
            summary: 'a new error: TypeError in orders-api',
            startsAtMs: AT,
            path: '/errors/f00d',
          },
        ],
        history: [
          { kind: 'error-new', summary: 'a new error: TypeError in orders-api', startMs: AT, endMs: null },
          {
            kind: 'error-regressed',
            summary: 'TypeError in orders-api happened again after it was resolved',
            startMs: AT - 60_000,
            endMs: AT - 30_000,
          },
        ],
        delivery: { url: 'http://127.0.0.1:9093', lastSentMs: AT, lastError: null },
      },
      true,
    );
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('alerts: sent to http://127.0.0.1:9093, last round 2026-12-04T12:00:00.000Z');
    expect(lines[1]).toMatch(/^KIND\s+SEVERITY\s+SINCE\s+ALERT\s+PAGE$/);
    expect(lines[2]).toMatch(
      /^SLO burn\s+page\s+-\s+orders-api availability: error budget burning too fast \(page\)\s+\/slos\/orders-api-availability$/,
    );
    expect(lines[3]).toMatch(/^new error\s+-\s+2026-12-04T12:00:00\.000Z\s+a new error: TypeError in orders-api\s+\/errors\/f00d$/);
    expect(lines.slice(5, 6)).toEqual(['history (newest first):']);
    expect(lines[7]).toMatch(/^new error\s+2026-12-04T12:00:00\.000Z\s+firing\s+a new error/);
    expect(lines[8]).toMatch(/^regressed\s+2026-12-04T11:59:00\.000Z\s+2026-12-04T11:59:30\.000Z\s+TypeError/);
  });

  it('says when nothing calls for an alert and nothing is sent anywhere', () => {
    expect(formatAlerts({ alerts: [], history: [], delivery: null }, false)).toBe(
      'alerts: shown in the console only (start it with --alertmanager URL to send them)\nnothing calls for an alert now\n',
    );
  });
});
