import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, startApiApp } from '../../../test/support/api-app.js';
import type { SpanRow } from '../store/index.js';
import type { ServiceSummary } from './schemas.js';

const MINUTE_MS = 60_000;
/** The window's end: a whole minute, a minute ago (spans well inside retention, the window fixed by `until`). */
const UNTIL_MS = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
const SINCE_MS = UNTIL_MS - 60 * MINUTE_MS;

let api: ApiApp;

/** A server span of `route` every second for `seconds` from `fromMs`. */
function requests(route: string, fromMs: number, seconds: number, first: number): SpanRow[] {
  return Array.from({ length: seconds }, (_, index) => {
    const start = BigInt(fromMs + index * 1_000) * 1_000_000n;
    const id = (first + index).toString(16);
    return {
      traceId: id.padStart(32, '0'),
      spanId: id.padStart(16, '0'),
      name: `GET ${route}`,
      kind: 2,
      startTimeUnixNano: start,
      endTimeUnixNano: start + 5_000_000n,
      statusCode: 0,
      serviceName: 'shop',
      attributes: { 'http.route': route },
    } satisfies SpanRow;
  });
}

beforeAll(async () => {
  api = await startApiApp();
  // Up for the hour's first 10 minutes, stopped for 40, up again for its last 10: a request a second.
  await api.store.appendSpans([...requests('/cart', SINCE_MS, 600, 1), ...requests('/cart', UNTIL_MS - 10 * MINUTE_MS, 600, 1_000)]);
});
afterAll(() => api?.close());

describe('GET /api/services', () => {
  it("answers the current rate (the window's last 5 minutes) beside the window's average, per service and route", async () => {
    const window = `since=${new Date(SINCE_MS).toISOString()}&until=${new Date(UNTIL_MS).toISOString()}`;
    const response = await api.app.inject(`/api/services?${window}`);
    expect(response.statusCode).toBe(200);
    const [shop] = (response.json() as { services: ServiceSummary[] }).services;
    expect(shop?.red.requests).toBe(1_200);
    // A third of the traffic averaged over the hour; the last 5 minutes' rate is the real one.
    expect(shop?.red.ratePerSecond).toBeCloseTo(1 / 3, 9);
    expect(shop?.red.recentRatePerSecond).toBeCloseTo(1, 9);
    expect(shop?.routes.map((route) => [route.route, route.recentRatePerSecond])).toEqual([['/cart', 1]]);
  });

  it('documents both rates in the OpenAPI document, saying what each is taken over', async () => {
    interface Properties {
      properties: Record<string, { description?: string } & Partial<Properties> & { items?: Properties }>;
    }
    const document = (await api.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Properties }> }> } }>;
    };
    const answer = document.paths['/api/services']!.get.responses['200']!.content['application/json']!.schema;
    const service = answer.properties.services!.items!;
    for (const stats of [service.properties.red as Properties, service.properties.routes!.items!]) {
      expect(stats.properties.recentRatePerSecond?.description).toMatch(/^requests per second over the window's last 5 minutes/);
      expect(stats.properties.ratePerSecond?.description).toMatch(/^requests per second averaged over the whole window/);
    }
  });
});
