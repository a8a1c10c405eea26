import { parseSloSpecs } from '@sightline/slo';
import { describe, expect, it } from 'vitest';
import type { SloBucket } from '../store/index.js';
import { BUCKET_NS, budgetSeries, sloStatus, trackedSlos } from './slo-status.js';

const [spec] = parseSloSpecs(`
version: sightline/v1
service: orders-api
slos:
  - { name: availability, objective: 99.9, sli: { availability: { routes: [/orders] } } }
  - { name: latency, objective: 99, sli: { latency: { threshold: 0.5 } } }
  - { name: custom, objective: 99, sli: { events: { error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))' } } }
`);
const availability = spec!.slos[0]!;
const NOW = 1_800_000_000_000_000_000n;
const MINUTE = BUCKET_NS;

/** One bucket per minute over the last `minutes`, each from `counts(minutesAgo)`. */
function minutes(count: number, counts: (ago: number) => { total: number; bad: number }): SloBucket[] {
  const out: SloBucket[] = [];
  for (let ago = count - 1; ago >= 0; ago--) out.push({ startNs: (NOW / MINUTE - BigInt(ago)) * MINUTE, ...counts(ago) });
  return out;
}

describe('sloStatus', () => {
  it('tracks availability and latency SLIs and leaves PromQL ones to Prometheus', () => {
    expect(trackedSlos([spec!]).map(({ slo }) => slo.name)).toEqual(['availability', 'latency']);
  });

  it('spends the budget exactly at a 1x burn: every window at 1, no alert', () => {
    const status = sloStatus(
      spec!,
      availability,
      minutes(3 * 1440, () => ({ total: 1000, bad: 1 })),
      NOW,
    );
    expect(status.total).toBe(3 * 1440 * 1000);
    expect(status.current).toBeCloseTo(0.999, 10);
    expect(status.budgetRemaining).toBeCloseTo(0, 10);
    for (const rate of status.burnRates) expect(rate.burnRate).toBeCloseTo(1, 10);
    expect(status.alert).toBeNull();
    expect(status.dataSinceMs).toBe(Number(((NOW / MINUTE - BigInt(3 * 1440 - 1)) * MINUTE) / 1_000_000n));
  });

  it('pages on an outage of the last 10 minutes after a healthy day', () => {
    const status = sloStatus(
      spec!,
      availability,
      minutes(1440, (ago) => (ago < 10 ? { total: 100, bad: 100 } : { total: 100, bad: 0 })),
      NOW,
    );
    const burn = Object.fromEntries(status.burnRates.map((rate) => [rate.window, rate.burnRate]));
    expect(burn['5m']).toBeCloseTo(1000, 6);
    expect(burn['1h']).toBeCloseTo((10 / 60) * 1000, 6);
    expect(status.conditions.find((c) => c.severity === 'page' && c.short === '5m')).toMatchObject({
      long: '1h',
      threshold: 14.4,
      burning: true,
      firing: true,
    });
    expect(status.alert).toBe('page');
    expect(status.budgetRemaining).toBeCloseTo(1 - 1000 / 144_000 / 0.001, 6);
  });

  it('opens a ticket, not a page, at a 2x burn', () => {
    const status = sloStatus(
      spec!,
      availability,
      // Three days and the current minute: the 3d window is covered.
      minutes(3 * 1440 + 1, () => ({ total: 1000, bad: 2 })),
      NOW,
    );
    expect(status.conditions.filter((c) => c.firing).map((c) => `${c.severity} ${c.long}`)).toEqual(['ticket 3d']);
    expect(status.alert).toBe('ticket');
  });

  it('does not page on windows longer than the data it holds: 2 minutes at a 56x burn', () => {
    const status = sloStatus(
      spec!,
      availability,
      minutes(2, () => ({ total: 1000, bad: 56 })),
      NOW,
    );
    // The rates are what the data says (each window holds the same 2 minutes)...
    for (const rate of status.burnRates) expect(rate.burnRate).toBeCloseTo(56, 6);
    // ...but no condition's long window (1h at the shortest) is covered: nothing fires.
    expect(status.conditions.map((c) => c.firing)).toEqual([false, false, false, false]);
    expect(status.alert).toBeNull();
    expect(status.budgetRemaining).toBeCloseTo(1 - 56, 6);
    expect(status.dataSinceMs).toBe(Number(((NOW / MINUTE - 1n) * MINUTE) / 1_000_000n));
  });

  it('pages on the 1h/5m condition as soon as the data covers the hour, and not on the 6h one yet', () => {
    const covered = (count: number) =>
      sloStatus(
        spec!,
        availability,
        minutes(count, () => ({ total: 1000, bad: 56 })),
        NOW,
      );
    expect(covered(59).alert).toBeNull();
    const status = covered(61);
    expect(status.conditions.filter((c) => c.firing).map((c) => `${c.severity} ${c.long}/${c.short}`)).toEqual(['page 1h/5m']);
    expect(status.alert).toBe('page');
  });

  it('answers nulls, not zeros, without requests', () => {
    const status = sloStatus(spec!, availability, [], NOW);
    expect(status).toMatchObject({ total: 0, current: null, budgetRemaining: null, dataSinceMs: null, alert: null });
    expect(status.burnRates.every((rate) => rate.burnRate === null)).toBe(true);
  });
});

describe('budgetSeries', () => {
  it('gives the rolling budget remaining from the first data to now, in at most ~200 points', () => {
    const buckets = minutes(1440, (ago) => (ago < 60 ? { total: 100, bad: 1 } : { total: 100, bad: 0 }));
    const series = budgetSeries(availability, buckets, NOW);
    expect(series.length).toBeGreaterThan(150);
    expect(series.length).toBeLessThanOrEqual(201);
    expect(series[0]!.budgetRemaining).toBe(1);
    expect(series.at(-1)!.timeMs).toBe(Number(NOW / 1_000_000n));
    expect(series.at(-1)!.budgetRemaining).toBeCloseTo(1 - 60 / 144_000 / 0.001, 6);
  });
});
