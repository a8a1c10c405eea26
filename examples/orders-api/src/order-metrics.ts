import type { Observer } from '@sightline/sdk';

export type OrderOutcome = 'placed' | 'invalid' | 'out_of_stock' | 'payment_failed' | 'payment_unavailable';

export function createOrderMetrics(observer: Observer) {
  const orders = observer.metrics.counter({
    name: 'orders_total',
    help: 'Order attempts by outcome: placed, invalid, out_of_stock, payment_failed, payment_unavailable.',
    labelNames: ['status'],
  });
  // Pre-create the series so a dashboard sees 0, not "no data", before the first failure.
  for (const status of ['placed', 'invalid', 'out_of_stock', 'payment_failed', 'payment_unavailable'] satisfies OrderOutcome[]) {
    orders.inc({ status }, 0);
  }
  // Prometheus wants base units and floats (`_seconds`, not `_ms`); money has no SI unit, so
  // the currency's main unit names the metric: cents become dollars. All prices are USD.
  const orderValue = observer.metrics.histogram({
    name: 'order_value_dollars',
    help: 'Value of placed orders, in US dollars.',
    buckets: [5, 10, 25, 50, 100, 250, 500, 1000, 2500],
  });
  return { orders, orderValue };
}

export type OrderMetrics = ReturnType<typeof createOrderMetrics>;
