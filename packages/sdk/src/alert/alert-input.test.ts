import { describe, expect, it } from 'vitest';
import { thrownError } from '../../test/support/thrown-error.js';
import { SightlineAlertError } from './alert-errors.js';
import { toPostableAlerts, toUncheckedAlerts } from './alert-input.js';

function issuesOf(run: () => unknown): readonly string[] {
  const error = thrownError(SightlineAlertError, run);
  expect(error.code).toBe('SL_ALERT_INVALID');
  return error.issues;
}

describe('toPostableAlerts', () => {
  it('puts default labels under the alert’s own and turns Dates into ISO strings', () => {
    const startsAt = new Date('2025-03-01T10:00:00Z');
    const [alert] = toPostableAlerts(
      [{ labels: { alertname: 'DiskFull', service: 'billing' }, annotations: { summary: 'disk full' }, startsAt }],
      { service: 'checkout', environment: 'production' },
    );
    expect(alert).toEqual({
      labels: { alertname: 'DiskFull', service: 'billing', environment: 'production' },
      annotations: { summary: 'disk full' },
      startsAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('keeps RFC 3339 strings with an offset as given', () => {
    const [alert] = toPostableAlerts([{ labels: { alertname: 'A' }, startsAt: '2025-03-01T12:00:00+02:00' }], {});
    expect(alert?.startsAt).toBe('2025-03-01T12:00:00+02:00');
  });

  it('requires alertname, from the alert or the default labels', () => {
    expect(issuesOf(() => toPostableAlerts([{ labels: { service: 'x' } }], {}))).toEqual(['labels.alertname: alertname is required']);
    expect(toPostableAlerts([{ labels: {} }], { alertname: 'Fallback' })[0]?.labels).toEqual({ alertname: 'Fallback' });
  });

  it('says a missing alertname beside the other problems, not only when it is the sole one', () => {
    expect([...issuesOf(() => toPostableAlerts([{ labels: { '1bad': 'x' } }], {}))].sort()).toEqual([
      'labels.1bad: label names must match /^[a-zA-Z_][a-zA-Z0-9_]*$/',
      'labels.alertname: alertname is required',
    ]);
    expect(issuesOf(() => toPostableAlerts([{ labels: { alertname: 'A' } }, { labels: { s: 'x' }, endsAt: 'soon' }], {}))).toEqual([
      'alerts[1].labels.alertname: alertname is required',
      'alerts[1].endsAt: must be an RFC 3339 time with a zone, e.g. 2025-01-01T12:00:00Z',
    ]);
  });

  it('names every bad label, annotation and time of every alert in one error', () => {
    const issues = issuesOf(() =>
      toPostableAlerts(
        [
          { labels: { alertname: 'A', '1bad': 'x', __reserved: 'y', empty: '' } },
          { labels: { alertname: 'B' }, annotations: { 'runbook-url': 'x' }, startsAt: 'yesterday', endsAt: new Date(Number.NaN) },
        ],
        {},
      ),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^alerts\[0\]\.labels\.1bad: label names must match/),
      'alerts[0].labels.__reserved: label names starting with "__" are reserved',
      expect.stringMatching(/^alerts\[0\]\.labels\.empty: label values must not be empty/),
      expect.stringMatching(/^alerts\[1\]\.annotations\.runbook-url: annotation names must match/),
      expect.stringMatching(/^alerts\[1\]\.startsAt: /),
      expect.stringMatching(/^alerts\[1\]\.endsAt: /),
    ]);
  });

  it('refuses an endsAt before startsAt, an empty batch and unknown fields', () => {
    expect(
      issuesOf(() =>
        toPostableAlerts([{ labels: { alertname: 'A' }, startsAt: '2025-03-01T10:00:00Z', endsAt: '2025-03-01T09:00:00Z' }], {}),
      ),
    ).toEqual(['endsAt: endsAt must not be before startsAt']);
    expect(issuesOf(() => toPostableAlerts([], {}))).toEqual(['(alerts): at least one alert is required']);
    expect(issuesOf(() => toPostableAlerts([{ labels: { alertname: 'A' }, severity: 'x' } as never], {}))[0]).toMatch(/severity/);
  });
});

describe('toUncheckedAlerts', () => {
  it('sends labels as given, merged with the defaults', () => {
    expect(toUncheckedAlerts([{ labels: { alertname: 'A', '1bad': 'x' }, endsAt: new Date(0) }], { env: 'dev' })).toEqual([
      { labels: { env: 'dev', alertname: 'A', '1bad': 'x' }, endsAt: '1970-01-01T00:00:00.000Z' },
    ]);
  });
});
