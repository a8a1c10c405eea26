import { parseSloSpec } from '@sightline/slo';
import { describe, expect, it } from 'vitest';
import { RequestSlos } from './request-slos.js';
import type { SloStatus } from './slo-status.js';

const MINUTE = 60_000;

function slos(entries: object[], window = '30d'): RequestSlos {
  const spec = parseSloSpec({ version: 'sightline/v1', service: 'orders-api', slos: entries.map((entry) => ({ window, ...entry })) });
  return new RequestSlos(spec, 0);
}

const availability = (objective = 99.9, extra: object = {}) => ({ name: 'availability', objective, sli: { availability: {} }, ...extra });

/** `perMinute` requests a minute from `fromMinute` for `minutes`, a share `badShare` of them 5xx, spread over each minute. */
function traffic(target: RequestSlos, fromMinute: number, minutes: number, perMinute: number, badShare: number): void {
  const badEvery = badShare === 0 ? Number.POSITIVE_INFINITY : Math.round(1 / badShare);
  for (let minute = fromMinute; minute < fromMinute + minutes; minute++) {
    for (let i = 0; i < perMinute; i++) {
      const status = (i + 1) % badEvery === 0 ? 503 : 200;
      target.record('GET', '/orders', status, 20, minute * MINUTE + (i * MINUTE) / perMinute);
    }
  }
}

const burn = (status: SloStatus, window: string) => status.burnRates.find((rate) => rate.window === window)?.burnRate;

describe('SLO trackers under synthetic traffic', () => {
  it('burns at the error ratio over the budget ratio in every window: 0.05 % errors against 99.9 % is 0.5x, and nothing fires', () => {
    const target = slos([availability()]);
    traffic(target, 0, 360, 2000, 0.0005);
    const [status] = target.status(360 * MINUTE);
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) expect(burn(status as SloStatus, window)).toBeCloseTo(0.5, 6);
    expect(status?.alert).toBeNull();
    expect(status?.conditions.every((c) => !c.firing)).toBe(true);
    expect(status?.events).toEqual({ total: 720_000, bad: 360 });
    expect(status?.errorBudget?.allowed).toBeCloseTo(720, 6);
    expect(status?.errorBudget?.consumed).toBe(360);
    expect(status?.errorBudget?.remainingRatio).toBeCloseTo(0.5, 6);
    expect(status?.observedSeconds).toBe(6 * 3600);
  });

  it('pages within minutes of a total outage after an hour of clean traffic', () => {
    const target = slos([availability()]);
    traffic(target, 0, 60, 600, 0);
    let pagedAt: number | undefined;
    for (let minute = 60; minute < 70 && pagedAt === undefined; minute++) {
      traffic(target, minute, 1, 600, 1);
      if (target.status((minute + 1) * MINUTE)[0]?.alert === 'page') pagedAt = minute + 1 - 60;
    }
    expect(pagedAt).toBeDefined();
    expect(pagedAt).toBeLessThanOrEqual(2);
    const [status] = target.status(62 * MINUTE);
    expect(burn(status as SloStatus, '5m')).toBeGreaterThan(14.4);
    expect(status?.conditions.find((c) => c.severity === 'page' && c.long === '1h')?.firing).toBe(true);
  });

  it('opens a ticket and does not page on a steady 2x burn for 6 hours', () => {
    const target = slos([availability()]);
    traffic(target, 0, 360, 1000, 0.002);
    const [status] = target.status(360 * MINUTE);
    expect(burn(status as SloStatus, '6h')).toBeCloseTo(2, 6);
    expect(status?.alert).toBe('ticket');
    const firing = status?.conditions.filter((c) => c.firing).map((c) => `${c.severity} ${c.long}&${c.short} ${c.burnRate}x`);
    expect(firing).toEqual(['ticket 3d&6h 1x']);
  });

  it('stops paging once the bad minutes leave the short window', () => {
    const target = slos([availability()]);
    traffic(target, 0, 60, 600, 0);
    traffic(target, 60, 3, 600, 1);
    expect(target.status(63 * MINUTE)[0]?.alert).toBe('page');
    traffic(target, 63, 10, 600, 0);
    // Ten minutes on, the 5m window is clean but the 30m and 6h pair still pages.
    expect(
      target
        .status(73 * MINUTE)[0]
        ?.conditions.filter((c) => c.firing && c.severity === 'page')
        .map((c) => c.short),
    ).toEqual(['30m']);
    traffic(target, 73, 21, 600, 0);
    // Past 30 minutes both short windows are clean: no page, the 1d and 2h ticket remains.
    expect(target.status(94 * MINUTE)[0]?.alert).toBe('ticket');
  });

  it('counts latency as the duration histogram does: at the threshold is good, above it bad', () => {
    const target = slos([{ name: 'latency', objective: 99, sli: { latency: { threshold: 0.25 } } }]);
    target.record('GET', '/a', 200, 250, 1000);
    target.record('GET', '/a', 500, 10, 1000);
    target.record('GET', '/a', 200, 250.001, 1000);
    target.record('GET', '/a', 200, 3000, 1000);
    expect(target.status(2000)[0]?.events).toEqual({ total: 4, bad: 2 });
  });

  it('feeds each SLO from its routes and methods only; no routes means every route, unmatched ones too', () => {
    const target = slos([
      availability(99.9),
      { name: 'orders-write', objective: 99, sli: { availability: { routes: ['/orders', '/orders/:id'], methods: ['POST', 'PUT'] } } },
    ]);
    target.record('POST', '/orders', 500, 5, 1000);
    target.record('PUT', '/orders/:id', 200, 5, 1000);
    target.record('GET', '/orders', 500, 5, 1000);
    target.record('POST', '/carts', 500, 5, 1000);
    target.record('GET', 'unmatched', 404, 5, 1000);
    const [all, writes] = target.status(2000);
    expect(all?.events).toEqual({ total: 5, bad: 3 });
    expect(writes?.events).toEqual({ total: 2, bad: 1 });
  });

  it('scales the windows with the SLO window, as the generated rules do', () => {
    const target = slos([availability()], '28d');
    traffic(target, 0, 10, 1000, 0.01);
    const [status] = target.status(10 * MINUTE);
    expect(status?.burnRates.map((rate) => rate.window)).toEqual(['4m40s', '28m', '56m', '1h52m', '5h36m', '22h24m', '2d19h12m', '28d']);
    expect(status?.conditions.map((c) => `${c.severity} ${c.long}&${c.short}`)).toEqual([
      'page 56m&4m40s',
      'page 5h36m&28m',
      'ticket 22h24m&1h52m',
      'ticket 2d19h12m&5h36m',
    ]);
    // 1 % errors against a 0.1 % budget; the 56 s slots do not line up with the minutes of traffic.
    expect(burn(status as SloStatus, '4m40s')).toBeCloseTo(10, 0);
  });

  it('leaves out the alerts the spec disables', () => {
    const target = slos([availability(99.9, { alerting: { page_alert: { disable: true } } })]);
    traffic(target, 0, 60, 600, 1);
    const [status] = target.status(60 * MINUTE);
    expect(status?.conditions.map((c) => c.severity)).toEqual(['ticket', 'ticket']);
    expect(status?.alert).toBe('ticket');
  });

  it('reports no burn for a window without traffic, a full budget without any, and an overspent one below 0', () => {
    const target = slos([availability(99)]);
    expect(target.status(0)[0]).toMatchObject({ events: { total: 0, bad: 0 }, errorBudget: { remainingRatio: 1 }, alert: null });
    expect(target.status(0)[0]?.burnRates.every((rate) => rate.burnRate === null && rate.errorRatio === null)).toBe(true);
    traffic(target, 0, 1, 100, 0.05);
    const [status] = target.status(MINUTE);
    expect(status?.errorBudget?.remainingRatio).toBeCloseTo(-4, 6);
    expect(target.status(MINUTE + 10 * MINUTE)[0]?.burnRates.find((rate) => rate.window === '5m')?.burnRate).toBeNull();
  });

  it('shows events and raw SLIs as not tracked, with the reason, instead of failing', () => {
    const target = slos([
      availability(),
      {
        name: 'jobs',
        objective: 99,
        sli: { events: { error_query: 'sum(rate(a[{{.window}}]))', total_query: 'sum(rate(b[{{.window}}]))' } },
      },
    ]);
    const [, jobs] = target.status(0);
    expect(jobs).toMatchObject({ name: 'jobs', tracked: false, sli: { kind: 'events' }, errorBudget: null, alert: null });
    expect(jobs?.note).toMatch(/PromQL, evaluated by Prometheus/);
    expect(target.tracking).toBe(true);
  });
});
