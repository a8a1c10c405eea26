import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuration, parseTrafficOptions, TrafficOptionsError } from '../src/options.js';
import { planRequest } from '../src/request-mix.js';
import { runTraffic } from '../src/run-traffic.js';
import { TrafficStats } from '../src/stats.js';

/** A seeded generator, so the request mix is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const catalog = { userIds: [1, 2, 3], productIds: [1, 2, 3, 4, 5] };

describe('traffic options', () => {
  it('reads rate, duration and error rate from the command line', () => {
    expect(parseTrafficOptions(['--rps', '50', '--duration', '60s', '--error-rate', '0.05'], {})).toEqual({
      target: 'http://127.0.0.1:3000',
      rps: 50,
      durationMs: 60_000,
      errorRate: 0.05,
      maxInFlight: 200,
    });
  });

  it('understands ms, s, m and h, and bare numbers as seconds', () => {
    expect([parseDuration('500ms'), parseDuration('90'), parseDuration('2m'), parseDuration('1h')]).toEqual([
      500, 90_000, 120_000, 3_600_000,
    ]);
  });

  it('names every bad option in one error', () => {
    let message = '';
    try {
      parseTrafficOptions(['--rps=-1', '--error-rate', '3', '--target', 'nope'], {});
    } catch (error) {
      expect(error).toBeInstanceOf(TrafficOptionsError);
      message = (error as Error).message;
    }
    expect(message).toContain('--rps');
    expect(message).toContain('--error-rate');
    expect(message).toContain('--target');
  });

  it('rejects a malformed duration and unknown flags', () => {
    expect(() => parseTrafficOptions(['--duration', 'soon'], {})).toThrow(/--duration/);
    expect(() => parseTrafficOptions(['--speed', '9'], {})).toThrow(TrafficOptionsError);
  });
});

describe('the request mix', () => {
  it('injects only deliberate client errors at error rate 1', () => {
    const random = seeded(7);
    const kinds = new Set(Array.from({ length: 300 }, () => planRequest(catalog, 1, random).kind));
    expect(kinds).toEqual(new Set(['invalid-order', 'unknown-user', 'too-much-stock']));
  });

  it('mixes in deliveries that restock a catalog product', () => {
    const random = seeded(5);
    const restocks = Array.from({ length: 500 }, () => planRequest(catalog, 0, random)).filter((request) => request.kind === 'restock');
    expect(restocks.length).toBeGreaterThan(0);
    for (const request of restocks) {
      expect(request.method).toBe('POST');
      expect(catalog.productIds).toContain(Number(/^\/products\/(\d+)\/restock$/.exec(request.path)?.[1]));
    }
  });

  it('sends reads, deliveries and valid orders only at error rate 0, with ids from the catalog', () => {
    const random = seeded(11);
    for (let i = 0; i < 300; i++) {
      const request = planRequest(catalog, 0, random);
      expect(['read', 'order', 'restock']).toContain(request.kind);
      if (request.kind === 'order') {
        const body = request.body as { user_id: number; items: { product_id: number; quantity: number }[] };
        expect(catalog.userIds).toContain(body.user_id);
        for (const item of body.items) expect(catalog.productIds).toContain(item.product_id);
      }
    }
  });
});

describe('traffic stats', () => {
  it('reports nearest-rank percentiles and counts errors by class', () => {
    const stats = new TrafficStats();
    expect(stats.percentile(50)).toBeNaN();
    for (let ms = 1; ms <= 100; ms++) stats.record(200, ms);
    expect(stats.percentile(50)).toBe(50);
    expect(stats.percentile(99)).toBe(99);
    stats.record(404, 5);
    stats.record(503, 5);
    stats.record('network-error', 5);
    expect(stats.clientErrors).toBe(1);
    expect(stats.serverErrors).toBe(2);
    expect(stats.completed).toBe(103);
    expect(stats.byStatus.get('200')).toBe(100);
  });
});

describe('runTraffic against a real server', () => {
  const seen: string[] = [];
  let server: Server;
  let target: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url}`);
        // Orders carry items; deliveries (restock) carry only a quantity.
        const order = body === '' ? undefined : (JSON.parse(body) as { items?: { quantity: number }[] });
        let status = 200;
        if (req.url?.startsWith('/users/1000')) status = 404;
        else if (order?.items?.length === 0) status = 400;
        else if (order?.items?.some((item) => item.quantity >= 1000)) status = 409;
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('holds the rate for the duration, waits for in-flight requests, and counts injected errors as 4xx', async () => {
    const run = runTraffic({ target, rps: 100, durationMs: 1000, errorRate: 0.3, maxInFlight: 50 }, catalog, { random: seeded(3) });
    const stats = await run.done;
    expect(stats.sent).toBeGreaterThanOrEqual(80);
    expect(stats.sent).toBeLessThanOrEqual(105);
    expect(stats.completed).toBe(stats.sent);
    expect(seen).toHaveLength(stats.sent);
    expect(stats.clientErrors).toBeGreaterThan(0);
    expect(stats.serverErrors).toBe(0);
    expect(stats.percentile(50)).toBeGreaterThanOrEqual(0);
  });

  it('stops early on stop() and sends nothing afterwards', async () => {
    const before = seen.length;
    const run = runTraffic({ target, rps: 50, durationMs: 0, errorRate: 0, maxInFlight: 50 }, catalog);
    setTimeout(() => run.stop(), 300);
    const stats = await run.done;
    const after = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.length).toBe(after);
    expect(after - before).toBe(stats.sent);
    expect(stats.sent).toBeLessThan(30);
  });
});
