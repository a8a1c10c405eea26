import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { freePort } from '@sightline/dev-postgres';
import { createPaymentsApp } from '@sightline/example-payments/app';
import { instrumentPool } from '@sightline/sdk/pg';
import { createTestObserver, eventually, type ReadableSpan, type TestObserver } from '@sightline/sdk/testing';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrdersApp } from '../src/app.js';
import { type Database, startDatabase } from '../src/database.js';
import { migrate, seed } from '../src/db/index.js';

let dataDir: string;
let database: Database;
let pool: pg.Pool;
let inspect: pg.Pool;
let orders: TestObserver;
let payments: TestObserver;
let paymentsApp: FastifyInstance;
let server: Server;
let baseUrl: string;
/** What the payments app's random() returns: below 0.5 declines the charge. */
let paymentsDice = 0.99;
const product = { plenty: 0, scarce: 0 };
let userId = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orders-e2e-'));
  // A chosen port (PG_PORT in main.ts): the embedded Postgres listens there.
  const pgPort = await freePort();
  database = await startDatabase({ dataDir, database: 'orders_e2e', port: pgPort });
  if (database.embedded) expect(new URL(database.connectionString).port).toBe(String(pgPort));
  orders = createTestObserver({ serviceName: 'orders-api', log: { level: 'debug' } });
  payments = createTestObserver({ serviceName: 'payments', log: { level: 'debug' } });
  pool = instrumentPool(orders.observer, new pg.Pool({ connectionString: database.connectionString, max: 5 }), { name: 'orders' });
  inspect = new pg.Pool({ connectionString: database.connectionString, max: 2 });
  // pool.end() resolves before its connections have closed: when Postgres stops right after,
  // it terminates them (57P01) and an idle client's error reaches the pool. The app's pool is
  // instrumented, which logs that; this plain one needs its own listener.
  inspect.on('error', () => {});
  await migrate(pool);
  await seed(pool);

  // slowRate 0 and a pinned random(): each test decides whether the card is declined.
  paymentsApp = createPaymentsApp(payments.observer, { failureRate: 0.5, slowRate: 0, random: () => paymentsDice });
  const paymentsUrl = await paymentsApp.listen({ port: 0, host: '127.0.0.1' });

  server = createOrdersApp({ observer: orders.observer, pool, paymentsUrl }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Rows of this run only, so the file also works against a shared DATABASE_URL.
  const suffix = randomBytes(4).toString('hex');
  const inserted = await inspect.query<{ id: number }>(
    "INSERT INTO products (sku, name, price_cents, stock) VALUES ($1, 'Plenty', 1250, 10), ($2, 'Scarce', 999, 1) RETURNING id",
    [`E2E-PLENTY-${suffix}`, `E2E-SCARCE-${suffix}`],
  );
  product.plenty = inserted.rows[0]!.id;
  product.scarce = inserted.rows[1]!.id;
  const created = await request('POST', '/users', { email: `e2e-${suffix}@example.com`, name: 'End To End' });
  expect(created.status).toBe(201);
  userId = (created.body as { id: number }).id;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  await paymentsApp?.close();
  await Promise.allSettled([pool?.end(), inspect?.end()]);
  await Promise.allSettled([orders?.observer.shutdown(), payments?.observer.shutdown()]);
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** The trace the request was sent in (its traceparent). */
  readonly traceId: string;
}

/** Sends the request inside a fresh trace, so every span it causes can be found by trace id. */
async function request(method: string, path: string, body?: unknown): Promise<Reply> {
  const traceId = randomBytes(16).toString('hex');
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json(), traceId };
}

function spansOf(harness: TestObserver, traceId: string): ReadableSpan[] {
  return harness.spans().filter((span) => span.spanContext().traceId === traceId);
}

/** The request's SERVER span, once it has ended (it ends as the response closes). */
function serverSpan(harness: TestObserver, traceId: string): Promise<ReadableSpan> {
  return eventually(() => spansOf(harness, traceId).find((span) => span.kind === SpanKind.SERVER), `the SERVER span of ${traceId}`);
}

function isDescendant(span: ReadableSpan, ancestor: ReadableSpan, trace: readonly ReadableSpan[]): boolean {
  const byId = new Map(trace.map((each) => [each.spanContext().spanId, each]));
  let parentId = span.parentSpanContext?.spanId;
  while (parentId !== undefined) {
    if (parentId === ancestor.spanContext().spanId) return true;
    parentId = byId.get(parentId)?.parentSpanContext?.spanId;
  }
  return false;
}

const isDbSpan = (span: ReadableSpan) => span.kind === SpanKind.CLIENT && span.attributes['db.system.name'] === 'postgresql';

async function stockOf(productId: number): Promise<number> {
  const { rows } = await inspect.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [productId]);
  return rows[0]!.stock;
}

async function orderCount(): Promise<number> {
  const { rows } = await inspect.query<{ count: string }>('SELECT count(*) FROM orders WHERE user_id = $1', [userId]);
  return Number(rows[0]!.count);
}

async function ordersMetrics(): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  return response.text();
}

function counterValue(metrics: string, status: string): number {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`orders_total{status="${status}"} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

describe('orders-api with a real Postgres and the payments service', () => {
  it('places an order: 201, stock taken, one trace from the request through Postgres to payments', async () => {
    paymentsDice = 0.99;
    const placedBefore = counterValue(await ordersMetrics(), 'placed');
    const stockBefore = await stockOf(product.plenty);

    const reply = await request('POST', '/orders', { user_id: userId, items: [{ product_id: product.plenty, quantity: 2 }] });

    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ user_id: userId, status: 'placed', total_cents: 2500, payment: { status: 'succeeded' } });
    expect(await stockOf(product.plenty)).toBe(stockBefore - 2);

    const server = await serverSpan(orders, reply.traceId);
    expect(server.name).toBe('POST /orders');
    const trace = spansOf(orders, reply.traceId);
    const dbSpans = trace.filter(isDbSpan);
    expect(dbSpans.map((span) => span.name)).toEqual(
      expect.arrayContaining([
        'SELECT users',
        'SELECT products',
        'BEGIN',
        'UPDATE products',
        'INSERT orders',
        'INSERT order_items',
        'COMMIT',
      ]),
    );
    for (const span of dbSpans) expect(isDescendant(span, server, trace)).toBe(true);

    const charge = trace.find((span) => span.name === 'order.charge');
    const fetchSpan = trace.find((span) => span.kind === SpanKind.CLIENT && span.attributes['http.request.method'] === 'POST');
    expect(charge?.events.map((event) => event.name)).toContain('payment.accepted');
    expect(fetchSpan?.parentSpanContext?.spanId).toBe(charge?.spanContext().spanId);
    const reserve = trace.find((span) => span.name === 'order.reserve_inventory');
    expect(reserve?.events.map((event) => event.name)).toContain('inventory.reserved');
    const commit = trace.find((span) => span.name === 'order.commit');
    expect(commit?.events.map((event) => event.name)).toContain('order.committed');
    const commitStatement = dbSpans.find((span) => span.name === 'COMMIT');
    expect(commitStatement?.parentSpanContext?.spanId).toBe(commit?.spanContext().spanId);

    const paymentsServer = await serverSpan(payments, reply.traceId);
    expect(paymentsServer.name).toBe('POST /charges');
    expect(paymentsServer.parentSpanContext?.spanId).toBe(fetchSpan?.spanContext().spanId);

    const metrics = await ordersMetrics();
    expect(counterValue(metrics, 'placed')).toBe(placedBefore + 1);
    expect(metrics).toContain('order_value_dollars_bucket');
    // The requests above opened connections: the pool now holds idle ones (read at scrape time).
    expect(metrics).toMatch(/db_client_connections_usage\{db_client_connection_pool_name="orders",state="idle"\} [1-9]\d*/);
    expect(metrics).toMatch(/db_client_connections_max\{db_client_connection_pool_name="orders"\} 5/);

    const id = (reply.body as { id: number }).id;
    const stored = await request('GET', `/orders/${id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ id, items: [{ product_id: product.plenty, quantity: 2, price_cents: 1250 }] });
  });

  it('answers a declined card with 402, an ERROR order.charge span, an error log line in the trace, and the stock rolled back', async () => {
    paymentsDice = 0;
    const stockBefore = await stockOf(product.plenty);
    const ordersBefore = await orderCount();
    const failedBefore = counterValue(await ordersMetrics(), 'payment_failed');

    const reply = await request('POST', '/orders', { user_id: userId, items: [{ product_id: product.plenty, quantity: 3 }] });

    expect(reply.status).toBe(402);
    expect(reply.body).toMatchObject({ error: 'payment_failed' });
    await serverSpan(orders, reply.traceId);
    const charge = spansOf(orders, reply.traceId).find((span) => span.name === 'order.charge');
    expect(charge?.status.code).toBe(SpanStatusCode.ERROR);
    expect(charge?.events.map((event) => event.name)).toEqual(expect.arrayContaining(['payment.declined', 'exception']));
    expect(spansOf(orders, reply.traceId).some((span) => span.name === 'ROLLBACK')).toBe(true);
    const line = orders.lines.find((entry) => entry.msg === 'payment declined' && entry.trace_id === reply.traceId);
    expect(line).toMatchObject({ level: 50, span_id: charge?.spanContext().spanId });
    const captured = orders.lines.find((entry) => entry.msg === 'error captured' && entry.trace_id === reply.traceId);
    expect(captured).toMatchObject({ error_type: 'PaymentDeclinedError', route: '/orders', tags: { payment_outcome: 'declined' } });

    expect(await stockOf(product.plenty)).toBe(stockBefore);
    expect(await orderCount()).toBe(ordersBefore);
    expect(counterValue(await ordersMetrics(), 'payment_failed')).toBe(failedBefore + 1);
  });

  it.each([
    ['a negative quantity', { user_id: 1, items: [{ product_id: 1, quantity: -1 }] }, 'items.0.quantity'],
    ['no items', { user_id: 1 }, 'items'],
    ['an empty item list', { user_id: 1, items: [] }, 'items'],
    ['a string user id', { user_id: 'ada', items: [{ product_id: 1, quantity: 1 }] }, 'user_id'],
  ])('rejects an order with %s with a 400 naming the field, before any query', async (_case, body, field) => {
    const ordersBefore = await orderCount();
    const reply = await request('POST', '/orders', { ...body, user_id: typeof body.user_id === 'number' ? userId : body.user_id });

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_request' });
    expect((reply.body as { message: string }).message).toContain(`${field}:`);
    const server = await serverSpan(orders, reply.traceId);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(spansOf(orders, reply.traceId).filter(isDbSpan)).toEqual([]);
    expect(spansOf(payments, reply.traceId)).toEqual([]);
    expect(await orderCount()).toBe(ordersBefore);
  });

  it('rejects a product that does not exist with a 400 naming the item', async () => {
    const reply = await request('POST', '/orders', { user_id: userId, items: [{ product_id: 2_000_000_000, quantity: 1 }] });
    expect(reply.status).toBe(400);
    expect((reply.body as { message: string }).message).toContain('items.0.product_id:');
  });

  it('answers 409 when stock is short, leaving every product as it was and payments uncalled', async () => {
    paymentsDice = 0.99;
    const before = [await stockOf(product.plenty), await stockOf(product.scarce)];

    const reply = await request('POST', '/orders', {
      user_id: userId,
      items: [
        { product_id: product.plenty, quantity: 1 },
        { product_id: product.scarce, quantity: 2 },
      ],
    });

    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ error: 'out_of_stock', product_id: product.scarce });
    expect([await stockOf(product.plenty), await stockOf(product.scarce)]).toEqual(before);
    await serverSpan(orders, reply.traceId);
    expect(spansOf(payments, reply.traceId)).toEqual([]);
    expect(counterValue(await ordersMetrics(), 'out_of_stock')).toBeGreaterThanOrEqual(1);
  });

  it('serves users and products, with 404 and 409 as JSON', async () => {
    const products = await request('GET', '/products');
    expect(products.status).toBe(200);
    expect((products.body as { products: { id: number }[] }).products.length).toBeGreaterThanOrEqual(12);
    expect((await request('GET', `/users/${userId}`)).body).toMatchObject({ id: userId, name: 'End To End' });
    expect((await request('GET', '/users/999999')).status).toBe(404);
    expect((await request('GET', '/users/abc')).status).toBe(400);
    const email = ((await request('GET', `/users/${userId}`)).body as { email: string }).email;
    expect(await request('POST', '/users', { email, name: 'Again' })).toMatchObject({ status: 409, body: { error: 'email_taken' } });
    expect(await request('POST', '/users', { email: 'not-an-email', name: 'X' })).toMatchObject({ status: 400 });
  });

  it('restocks a product, and refuses a bad quantity or an unknown product without writing', async () => {
    const before = await stockOf(product.scarce);
    const restocked = await request('POST', `/products/${product.scarce}/restock`, { quantity: 5 });
    expect(restocked).toMatchObject({ status: 200, body: { id: product.scarce, stock: before + 5 } });
    expect(await stockOf(product.scarce)).toBe(before + 5);
    expect((await request('POST', `/products/${product.scarce}/restock`, { quantity: -3 })).status).toBe(400);
    expect((await request('POST', '/products/999999/restock', { quantity: 1 })).status).toBe(404);
    expect(await stockOf(product.scarce)).toBe(before + 5);
  });

  it('applies migrations once: a second run has nothing to do', async () => {
    expect(await migrate(pool)).toEqual([]);
  });
});

describe('orders-api probes', () => {
  async function probe(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${baseUrl}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Check results are cached for health.intervalMs (1 s; the /metrics scrapes above ran them too): poll. */
  async function probeUntil(path: string, status: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const reply = await probe(path);
      if (reply.body.status === status || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('fails /readyz until startup is marked, then reports Postgres, payments and the event loop; probes stay out of the logs', async () => {
    // What payments' main does once it listens.
    payments.observer.health.markStarted();
    expect((await probe('/livez')).status).toBe(200);
    expect(await probe('/readyz')).toMatchObject({ status: 503, body: { status: 'unhealthy', started: false } });

    // What main.ts does once migrations ran.
    orders.observer.health.markStarted();

    const ready = await probeUntil('/readyz', 'healthy');
    expect(ready).toMatchObject({
      status: 200,
      body: {
        status: 'healthy',
        service: { name: 'orders-api' },
        checks: {
          postgres: { status: 'healthy', critical: true, details: { max: 5 } },
          payments: { status: 'healthy', critical: false, details: { status_code: 200 } },
          event_loop: { status: 'healthy', critical: false },
        },
      },
    });
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { status: 'healthy', probe: 'health' } });

    const metrics = await ordersMetrics();
    expect(metrics).toContain('sightline_health_check_status{check="postgres",status="healthy"} 1');
    expect(metrics).not.toMatch(/http_route="\/(readyz|healthz|livez)"/);
    expect(orders.lines.some((line) => typeof line.path === 'string' && /^\/(readyz|healthz|livez)$/.test(line.path))).toBe(false);
  });

  it('stays ready but degraded (200) when payments is not ready: payments is not a critical dependency', async () => {
    orders.observer.health.markStarted();
    payments.observer.health.markShuttingDown(); // payments' /readyz answers 503 from now on

    const ready = await probeUntil('/readyz', 'degraded');
    expect(ready).toMatchObject({
      status: 200,
      body: { status: 'degraded', checks: { postgres: { status: 'healthy' }, payments: { status: 'unhealthy', message: 'answered 503' } } },
    });
  });
});
