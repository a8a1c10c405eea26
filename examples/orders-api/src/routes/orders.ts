import type { Express } from 'express';
import { HttpError } from '../http-errors.js';
import { type OrderDependencies, placeOrder } from '../place-order.js';
import { idParam } from './id-param.js';

export function registerOrderRoutes(app: Express, deps: OrderDependencies): void {
  const { pool } = deps;

  app.post('/orders', async (req, res) => {
    // An APM transaction: an OpenTelemetry span under the server span, with the outcome as its result.
    const transaction = deps.observer.apm.startTransaction('order.place', { type: 'business' });
    try {
      const order = await transaction.run(() => placeOrder(deps, req.body));
      transaction.setResult('placed');
      res.status(201).location(`/orders/${order.id}`).json(order);
    } catch (error) {
      // A refused order (bad input, no stock) is an outcome, not a failure of the service.
      if (error instanceof HttpError && error.status < 500) transaction.setResult(error.code);
      else transaction.recordError(error);
      throw error;
    } finally {
      transaction.end();
    }
  });

  app.get('/orders', async (_req, res) => {
    const { rows } = await pool.query('SELECT id, user_id, status, total_cents, created_at FROM orders ORDER BY id DESC LIMIT 100');
    res.json({ orders: rows });
  });

  app.get('/orders/:id', async (req, res) => {
    const id = idParam(req.params.id);
    const { rows } = await pool.query(
      `SELECT o.id, o.user_id, o.status, o.total_cents, o.created_at,
         coalesce(json_agg(json_build_object('product_id', i.product_id, 'quantity', i.quantity, 'price_cents', i.price_cents)
           ORDER BY i.product_id) FILTER (WHERE i.order_id IS NOT NULL), '[]') AS items
       FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
       WHERE o.id = $1 GROUP BY o.id`,
      [id],
    );
    if (rows[0] === undefined) throw new HttpError(404, 'not_found', `no order with id ${id}`);
    res.json(rows[0]);
  });
}
