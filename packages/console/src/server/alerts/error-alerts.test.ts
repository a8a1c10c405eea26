import { describe, expect, it } from 'vitest';
import type { StoredErrorGroup } from '../store/index.js';
import { alertKey } from './alert-key.js';
import { errorAlertsOf, NEW_ALERT, REGRESSED_ALERT } from './error-alerts.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const SETTINGS = { consoleUrl: () => 'http://127.0.0.1:18888', intervalMs: 30_000, newForMs: 15 * 60_000 };

function group(
  fingerprint: string,
  status: StoredErrorGroup['status'],
  firstSeenMs: number,
  more: Partial<StoredErrorGroup> = {},
): StoredErrorGroup {
  return {
    fingerprint,
    type: 'PaymentDeclinedError',
    message: 'the payment was declined',
    count: 3,
    firstSeenMs,
    lastSeenMs: NOW - 1_000,
    services: ['orders-api'],
    routes: ['/orders'],
    sampleStack: null,
    buckets: [],
    firstVersion: '1.3.0',
    lastVersion: '1.4.0',
    versions: ['1.3.0', '1.4.0'],
    status,
    statusChangedMs: null,
    ...more,
  };
}

describe('errorAlertsOf', () => {
  it('fires for a regressed group until three intervals after this send, naming the release it came back in', () => {
    const [alert, ...rest] = errorAlertsOf([group('a1', 'regressed', NOW - 86_400_000)], NOW, SETTINGS);
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      labels: { alertname: REGRESSED_ALERT, fingerprint: 'a1', error_type: 'PaymentDeclinedError', service: 'orders-api' },
      annotations: {
        summary: 'PaymentDeclinedError in orders-api happened again after it was resolved (release 1.4.0)',
        description: 'the payment was declined',
      },
      generatorURL: 'http://127.0.0.1:18888/errors/a1',
      endsAt: new Date(NOW + 90_000),
    });
  });

  it('fires for a new unresolved group from its first occurrence until newForMs after it, and not after', () => {
    const first = NOW - 60_000;
    const [alert] = errorAlertsOf([group('n1', 'unresolved', first, { lastVersion: null })], NOW, SETTINGS);
    expect(alert).toMatchObject({
      labels: { alertname: NEW_ALERT, fingerprint: 'n1' },
      annotations: { summary: 'a new error: PaymentDeclinedError in orders-api' },
      startsAt: new Date(first),
      endsAt: new Date(first + SETTINGS.newForMs),
    });
    expect(errorAlertsOf([group('n1', 'unresolved', NOW - SETTINGS.newForMs)], NOW, SETTINGS)).toEqual([]);
  });

  it('calls for nothing for a resolved or ignored group, however new', () => {
    expect(errorAlertsOf([group('r', 'resolved', NOW - 1_000), group('i', 'ignored', NOW - 1_000)], NOW, SETTINGS)).toEqual([]);
  });

  it('keys an alert by its label set, whatever their order', () => {
    expect(alertKey({ labels: { a: '1', b: '2' } })).toBe(alertKey({ labels: { b: '2', a: '1' } }));
    expect(alertKey({ labels: { a: '1' } })).not.toBe(alertKey({ labels: { a: '2' } }));
  });
});
