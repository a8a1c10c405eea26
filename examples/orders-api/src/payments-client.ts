import type { Span } from '@opentelemetry/api';
import type { Observer } from '@sightline/sdk';
import { HttpError } from './http-errors.js';

// A slow charge takes 1.2 s; past this the order gives up rather than hold its row locks.
const PAYMENTS_TIMEOUT_MS = 5000;

export interface ChargeRequest {
  readonly order_id: number;
  readonly amount_cents: number;
  readonly currency: string;
}

export interface Charge {
  readonly id: string;
  readonly status: string;
}

/** The card was declined: the order fails, the payments service did its job. */
export class PaymentDeclinedError extends HttpError {
  override readonly name: string = 'PaymentDeclinedError';
}

/** Payments could not be reached or failed itself: the order may be retried later. */
export class PaymentUnavailableError extends HttpError {
  override readonly name: string = 'PaymentUnavailableError';
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * POST {paymentsUrl}/charges through observer.fetch (a CLIENT span carrying traceparent).
 * 402 → PaymentDeclinedError (402 payment_failed: the shopper's card, not a fault of either service), network error or
 * 5xx → PaymentUnavailableError (503).
 */
export async function requestCharge(observer: Observer, paymentsUrl: string, charge: ChargeRequest, span: Span): Promise<Charge> {
  let response: Response;
  try {
    response = await observer.fetch(`${paymentsUrl}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(charge),
      signal: AbortSignal.timeout(PAYMENTS_TIMEOUT_MS),
    });
  } catch (error) {
    observer.logger.error({ err: error, order_id: charge.order_id }, 'payments service unreachable');
    throw new PaymentUnavailableError(
      503,
      'payment_unavailable',
      'the payments service could not be reached; try again later',
      undefined,
      error,
    );
  }
  const body = await readJson(response);
  if (response.ok) {
    span.addEvent('payment.accepted', { 'payment.charge_id': String(body.id) });
    return { id: String(body.id), status: String(body.status) };
  }
  if (response.status === 402) {
    const reason = typeof body.error === 'string' ? body.error : 'declined';
    span.addEvent('payment.declined', { 'payment.decline_reason': reason });
    observer.logger.error({ order_id: charge.order_id, amount_cents: charge.amount_cents, reason }, 'payment declined');
    throw new PaymentDeclinedError(402, 'payment_failed', `the payment was declined (${reason})`, { reason });
  }
  if (response.status >= 500) {
    observer.logger.error({ order_id: charge.order_id, status: response.status }, 'payments service failed');
    throw new PaymentUnavailableError(503, 'payment_unavailable', `the payments service answered ${response.status}; try again later`);
  }
  // Any other 4xx means this service sent a bad charge: a bug here, so a 500.
  throw new Error(`payments rejected the charge with ${response.status}: ${JSON.stringify(body)}`);
}
