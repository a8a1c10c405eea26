import { describe, expect, it } from 'vitest';
import { compareSeries } from '../ui/src/components/series-order.js';
import { wholeBuckets } from '../ui/src/components/sparkline-window.js';

describe('the order metric series are listed and drawn in', () => {
  it("orders a histogram's buckets by their bound as a number, +Inf last, within each label set and service", () => {
    const bucket = (service: string, route: string, le: string) => ({ service, attributes: { http_route: route, le } });
    const series = [
      bucket('orders', '/b', '+Inf'),
      bucket('orders', '/b', '10'),
      bucket('orders', '/b', '2.5'),
      bucket('orders', '/a', '5'),
      bucket('api', '/z', '1'),
      bucket('orders', '/b', '0.005'),
    ];
    expect([...series].sort(compareSeries).map((s) => `${s.service} ${s.attributes.http_route} ${s.attributes.le}`)).toEqual([
      'api /z 1',
      'orders /a 5',
      'orders /b 0.005',
      'orders /b 2.5',
      'orders /b 10',
      'orders /b +Inf',
    ]);
  });
});

describe('the whole buckets of a sparkline window', () => {
  const minute = 60_000;
  const start = 1_764_000_000_000;
  const timesMs = Array.from({ length: 5 }, (_, index) => start + index * minute);

  it('leaves out the first bucket, begun before the window, and the last, the minute under way', () => {
    expect(wholeBuckets({ timesMs, bucketMs: minute, sinceMs: start + 20_000, untilMs: start + 4 * minute + 20_000 })).toEqual({
      start: 1,
      end: 4,
    });
  });

  it('keeps every bucket of a window that starts and ends on bucket edges', () => {
    expect(wholeBuckets({ timesMs, bucketMs: minute, sinceMs: start, untilMs: start + 5 * minute })).toEqual({ start: 0, end: 5 });
  });
});
