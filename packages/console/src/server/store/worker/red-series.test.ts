import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type SpanRow, type Store } from '../index.js';

const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
/** The end of every window below: a minute ago, so the spans are well inside retention. */
const UNTIL = ((BigInt(Date.now()) * 1_000_000n) / SECOND) * SECOND - MINUTE;
const HOUR_WINDOW = { since: UNTIL - 60n * MINUTE, until: UNTIL };

let store: Store;
let sequence = 0;

/** One server span a second for `seconds` from `from`, of `service` on `route`. */
function requests(service: string, route: string, from: bigint, seconds: number): SpanRow[] {
  return Array.from({ length: seconds }, (_, index) => {
    sequence += 1;
    const start = from + BigInt(index) * SECOND;
    return {
      traceId: sequence.toString(16).padStart(32, '0'),
      spanId: sequence.toString(16).padStart(16, '0'),
      name: `GET ${route}`,
      kind: 2,
      startTimeUnixNano: start,
      endTimeUnixNano: start + 20_000_000n,
      statusCode: 0,
      serviceName: service,
      attributes: { 'http.route': route },
    } satisfies SpanRow;
  });
}

beforeAll(async () => {
  store = await openStore({ memory: true });
  await store.appendSpans([
    // shop, a request a second: up for the hour's first 10 minutes, stopped for 40, up again for its
    // last 10 (/cart, then /pay for the last 3).
    ...requests('shop', '/cart', HOUR_WINDOW.since, 600),
    ...requests('shop', '/cart', UNTIL - 10n * MINUTE, 420),
    ...requests('shop', '/pay', UNTIL - 3n * MINUTE, 180),
    // batch: ran in the hour's first 30 minutes only.
    ...requests('batch', '/run', HOUR_WINDOW.since, 1_800),
    // fresh: started 2 minutes ago.
    ...requests('fresh', '/new', UNTIL - 2n * MINUTE, 120),
  ]);
});
afterAll(async () => {
  await store?.close();
});

describe('RED rates', () => {
  it("give per service the window's average and the rate over its last 5 minutes, which downtime earlier in the window does not dilute", async () => {
    const rows = await store.redByService(HOUR_WINDOW);
    const rowOf = (service: string) => rows.find((row) => row.serviceName === service)!;
    expect(rowOf('shop').requests).toBe(1_200);
    expect(rowOf('shop').ratePerSecond).toBeCloseTo(1_200 / 3_600, 9);
    // Its last 5 minutes: a request a second (/cart's last 120, then /pay's 180).
    expect(rowOf('shop').recentRatePerSecond).toBeCloseTo(300 / 300, 9);
    // Stopped 30 minutes ago: no current traffic, whatever the hour's average says.
    expect(rowOf('batch').ratePerSecond).toBeCloseTo(1_800 / 3_600, 9);
    expect(rowOf('batch').recentRatePerSecond).toBe(0);
  });

  it('give the same two rates per route', async () => {
    const rows = await store.red(HOUR_WINDOW);
    const rowOf = (route: string) => rows.find((row) => row.serviceName === 'shop' && row.route === route)!;
    expect(rowOf('/cart').ratePerSecond).toBeCloseTo(1_020 / 3_600, 9);
    expect(rowOf('/cart').recentRatePerSecond).toBeCloseTo(120 / 300, 9);
    expect(rowOf('/pay').ratePerSecond).toBeCloseTo(180 / 3_600, 9);
    expect(rowOf('/pay').recentRatePerSecond).toBeCloseTo(180 / 300, 9);
  });

  it('take both rates from the first stored request when the data is younger than the window and its last 5 minutes', async () => {
    // A console whose only data is 2 minutes old reads 1 request a second, not 120 over 5 minutes (or an hour).
    const [fresh] = await store.redByService({ ...HOUR_WINDOW, service: 'fresh' });
    expect(fresh!.ratePerSecond).toBeCloseTo(1, 9);
    expect(fresh!.recentRatePerSecond).toBeCloseTo(1, 9);
  });

  it('take the recent rate over the whole window when it is shorter than 5 minutes', async () => {
    const [shop] = await store.redByService({ since: UNTIL - 4n * MINUTE, until: UNTIL, service: 'shop' });
    expect(shop!.requests).toBe(240);
    expect(shop!.ratePerSecond).toBeCloseTo(1, 9);
    expect(shop!.recentRatePerSecond).toBeCloseTo(1, 9);
  });
});
