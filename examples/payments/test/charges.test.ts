import { createObserver, type Observer } from '@sightline/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaymentsApp, type PaymentsOptions } from '../src/app.js';
import { readPaymentsConfig } from '../src/config.js';

const observers: Observer[] = [];

function app(options: PaymentsOptions) {
  const observer = createObserver({
    serviceName: 'payments-test',
    env: {},
    registerGlobal: false,
    // Spans are the orders e2e test's business; here they would only wait on a missing collector.
    trace: { enabled: false },
    log: { destinations: [{ stream: { write: () => {} } }] },
    metrics: { defaultMetrics: false },
    shutdownTimeoutMs: 1000,
  });
  observers.push(observer);
  return createPaymentsApp(observer, options);
}

const charge = { order_id: 7, amount_cents: 1250, currency: 'USD' };

afterEach(async () => {
  await Promise.all(observers.splice(0).map((observer) => observer.shutdown()));
});

describe('payments', () => {
  it('accepts every charge at failure rate 0', async () => {
    const reply = await app({ failureRate: 0, slowRate: 0 }).inject({ method: 'POST', url: '/charges', payload: charge });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ status: 'succeeded', ...charge, id: expect.any(String) });
  });

  it('declines every charge with 402 card_declined at failure rate 1', async () => {
    const reply = await app({ failureRate: 1, slowRate: 0 }).inject({ method: 'POST', url: '/charges', payload: charge });
    expect(reply.statusCode).toBe(402);
    expect(reply.json()).toEqual({ error: 'card_declined' });
  });

  it('fails every charge with 500 at error rate 1, counted as failed, before any decline', async () => {
    const payments = app({ failureRate: 1, errorRate: 1, slowRate: 0 });
    const reply = await payments.inject({ method: 'POST', url: '/charges', payload: charge });
    expect(reply.statusCode).toBe(500);
    const metrics = await payments.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('payments_charges_total{outcome="failed"} 1');
    expect(metrics.body).not.toContain('payments_charges_total{outcome="declined"}');
  });

  it('answers a bad body with 400 naming the field', async () => {
    const payments = app({ failureRate: 0, slowRate: 0 });
    const negative = await payments.inject({ method: 'POST', url: '/charges', payload: { ...charge, amount_cents: -5 } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().message).toContain('amount_cents:');
    const missing = await payments.inject({ method: 'POST', url: '/charges', payload: { order_id: 1, amount_cents: 5 } });
    expect(missing.json().message).toContain('currency:');
  });

  it('counts charges by outcome in /metrics', async () => {
    const payments = app({ failureRate: 1, slowRate: 0 });
    await payments.inject({ method: 'POST', url: '/charges', payload: charge });
    const metrics = await payments.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('payments_charges_total{outcome="declined"} 1');
  });

  it('reads its rates from the environment and refuses a rate above 1', () => {
    expect(readPaymentsConfig({})).toMatchObject({ port: 0, failureRate: 0.1, errorRate: 0.02, slowRate: 0.05, slowMs: 1200 });
    expect(readPaymentsConfig({ PAYMENTS_ERROR_RATE: '0.5' }).errorRate).toBe(0.5);
    expect(() => readPaymentsConfig({ PAYMENTS_ERROR_RATE: '-1' })).toThrow(/PAYMENTS_ERROR_RATE/);
    expect(readPaymentsConfig({ PAYMENTS_FAILURE_RATE: '1' }).failureRate).toBe(1);
    expect(() => readPaymentsConfig({ PAYMENTS_FAILURE_RATE: '2' })).toThrow(/PAYMENTS_FAILURE_RATE/);
  });
});
