import type { Span } from '@opentelemetry/api';
import type { Observer } from '@sightline/sdk';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { HttpError, invalidInput } from './http-errors.js';
import type { OrderMetrics, OrderOutcome } from './order-metrics.js';
import { type Charge, PaymentDeclinedError, requestCharge } from './payments-client.js';

const CURRENCY = 'USD';

const orderSchema = z
  .object({
    user_id: z.number().int().positive(),
    items: z
      .array(
        z
          .object({
            product_id: z.number().int().positive(),
            quantity: z.number().int().positive().max(1000),
          })
          .strict(),
      )
      .min(1, 'an order needs at least one item')
      .max(50),
  })
  .strict()
  .superRefine((order, context) => {
    const seen = new Set<number>();
    order.items.forEach((item, index) => {
      if (seen.has(item.product_id)) {
        context.addIssue({ code: 'custom', path: ['items', index, 'product_id'], message: `product ${item.product_id} appears twice` });
      }
      seen.add(item.product_id);
    });
  });

export type OrderInput = z.infer<typeof orderSchema>;

interface ReservedLine {
  readonly product_id: number;
  readonly quantity: number;
  readonly price_cents: number;
}

export interface PlacedOrder {
  readonly id: number;
  readonly user_id: number;
  readonly status: string;
  readonly total_cents: number;
  readonly created_at: Date;
  readonly items: readonly ReservedLine[];
  readonly payment: Charge;
}

export interface OrderDependencies {
  readonly observer: Observer;
  readonly pool: Pool;
  readonly paymentsUrl: string;
  readonly metrics: OrderMetrics;
}

const OUTCOME_BY_CODE: Record<string, OrderOutcome> = {
  invalid_request: 'invalid',
  out_of_stock: 'out_of_stock',
  payment_failed: 'payment_failed',
  payment_unavailable: 'payment_unavailable',
};

/** Shape first (no query for a malformed body), then the rows the order refers to. */
async function validate({ observer, pool }: OrderDependencies, body: unknown): Promise<OrderInput | HttpError> {
  const parsed = orderSchema.safeParse(body);
  if (!parsed.success) return invalidInput(parsed.error);
  const order = parsed.data;
  const user = await pool.query('SELECT id FROM users WHERE id = $1', [order.user_id]);
  if (user.rowCount === 0) return new HttpError(400, 'invalid_request', `user_id: no user with id ${order.user_id}`);
  const ids = order.items.map((item) => item.product_id);
  const found = await pool.query<{ id: number }>('SELECT id FROM products WHERE id = ANY($1::int[])', [ids]);
  const known = new Set(found.rows.map((row) => row.id));
  const missing = order.items.findIndex((item) => !known.has(item.product_id));
  if (missing >= 0) {
    return new HttpError(400, 'invalid_request', `items.${missing}.product_id: no product with id ${ids[missing]}`);
  }
  observer.logger.debug({ user_id: order.user_id, items: order.items.length }, 'order validated');
  return order;
}

/** Takes the stock in product id order, so two orders never wait on each other's rows in a cycle. */
async function reserve(client: PoolClient, items: OrderInput['items'], span: Span): Promise<ReservedLine[]> {
  const lines: ReservedLine[] = [];
  for (const item of [...items].sort((a, b) => a.product_id - b.product_id)) {
    const result = await client.query<{ price_cents: number; stock: number }>(
      'UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1 RETURNING price_cents, stock',
      [item.quantity, item.product_id],
    );
    const row = result.rows[0];
    if (row === undefined) {
      span.addEvent('inventory.insufficient', { 'product.id': item.product_id, 'order_item.quantity': item.quantity });
      throw new HttpError(409, 'out_of_stock', `product ${item.product_id} has fewer than ${item.quantity} in stock`, {
        product_id: item.product_id,
      });
    }
    span.addEvent('inventory.reserved', {
      'product.id': item.product_id,
      'order_item.quantity': item.quantity,
      'product.stock': row.stock,
    });
    lines.push({ product_id: item.product_id, quantity: item.quantity, price_cents: row.price_cents });
  }
  return lines;
}

/** Reserve, charge, record: one transaction, so a declined card or missing stock leaves no trace. */
async function placeInTransaction(deps: OrderDependencies, order: OrderInput): Promise<PlacedOrder> {
  const { observer, pool, paymentsUrl } = deps;
  const client = await pool.connect();
  let releaseError: Error | undefined;
  try {
    await client.query('BEGIN');
    const lines = await observer.span('order.reserve_inventory', (span) => reserve(client, order.items, span));
    const totalCents = lines.reduce((sum, line) => sum + line.price_cents * line.quantity, 0);
    const inserted = await client.query<{ id: number; status: string; created_at: Date }>(
      "INSERT INTO orders (user_id, status, total_cents) VALUES ($1, 'placed', $2) RETURNING id, status, created_at",
      [order.user_id, totalCents],
    );
    const row = inserted.rows[0]!;
    const payment = await observer.span('order.charge', (span) =>
      requestCharge(observer, paymentsUrl, { order_id: row.id, amount_cents: totalCents, currency: CURRENCY }, span),
    );
    await observer.span('order.commit', async (span) => {
      await client.query(
        'INSERT INTO order_items (order_id, product_id, quantity, price_cents) SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[])',
        [row.id, lines.map((line) => line.product_id), lines.map((line) => line.quantity), lines.map((line) => line.price_cents)],
      );
      await client.query('COMMIT');
      span.addEvent('order.committed', { 'order.id': row.id, 'order.items': lines.length });
    });
    return {
      id: row.id,
      user_id: order.user_id,
      status: row.status,
      total_cents: totalCents,
      created_at: row.created_at,
      items: lines,
      payment,
    };
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      releaseError = rollbackError as Error; // a connection that cannot roll back is discarded
    }
    throw error;
  } finally {
    client.release(releaseError);
  }
}

export async function placeOrder(deps: OrderDependencies, body: unknown): Promise<PlacedOrder> {
  const { observer, metrics } = deps;
  try {
    // A client's bad input ends the span normally with an event: it is not a server error.
    const validated = await observer.span('order.validate', async (span) => {
      const result = await validate(deps, body);
      if (result instanceof HttpError) span.addEvent('order.rejected', { 'error.message': result.message });
      return result;
    });
    if (validated instanceof HttpError) throw validated;
    const placed = await placeInTransaction(deps, validated);
    metrics.orders.inc({ status: 'placed' });
    metrics.orderValue.observe(placed.total_cents / 100);
    observer.logger.info({ order_id: placed.id, total_cents: placed.total_cents, items: placed.items.length }, 'order placed');
    return placed;
  } catch (error) {
    const outcome = error instanceof HttpError ? OUTCOME_BY_CODE[error.code] : undefined;
    if (outcome !== undefined) metrics.orders.inc({ status: outcome });
    // A declined card is answered (402), not a fault, but worth an error event: grouped, counted, tagged.
    if (error instanceof PaymentDeclinedError) {
      observer.errors.capture(error, { tags: { payment_outcome: 'declined', decline_reason: String(error.details?.reason ?? 'unknown') } });
    }
    throw error;
  }
}
