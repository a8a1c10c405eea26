import { describe, expect, it } from 'vitest';
import { compareSeries } from './series-order.js';

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
