import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Observer } from '@sightline/sdk';
import { sightlineFastify } from '@sightline/sdk/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';

export interface PaymentsOptions {
  /** Fraction of charges declined with 402 card_declined, within [0, 1]. */
  readonly failureRate: number;
  /**
   * Fraction of charges that fail with 500, within [0, 1]: the card processor's fault, thrown as
   * an error (captured, grouped, on the span) and a server error for the SLOs. Default 0.
   */
  readonly errorRate?: number;
  /** Fraction of charges answered only after `slowMs`, within [0, 1]. */
  readonly slowRate: number;
  readonly slowMs?: number;
  /** Source of randomness in [0, 1); tests may pin it. */
  readonly random?: () => number;
}

const chargeSchema = z
  .object({
    order_id: z.union([z.number().int().positive(), z.string().min(1)]),
    amount_cents: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"'),
  })
  .strict();

/** "amount_cents: Too small: expected number to be >0" — the field first, as clients need it. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

/** The card processor failed: a server fault, answered 500 by Fastify's error handler. */
export class ProcessorError extends Error {
  override readonly name = 'ProcessorError';
}

/** The payments service: POST /charges and GET /metrics, instrumented by `observer`. */
export function createPaymentsApp(observer: Observer, options: PaymentsOptions): FastifyInstance {
  const { failureRate, errorRate = 0, slowRate, slowMs = 1200, random = Math.random } = options;
  const charges = observer.metrics.counter({
    name: 'payments_charges_total',
    help: 'Charge attempts by outcome (succeeded, declined, failed, invalid).',
    labelNames: ['outcome'],
  });
  const app = Fastify({ logger: false });
  app.register(sightlineFastify(observer));

  app.get('/metrics', async (request, reply) => {
    const { contentType, body } = await observer.metrics.render(request.headers.accept);
    return reply.type(contentType).send(body);
  });

  app.post('/charges', async (request, reply) => {
    const parsed = chargeSchema.safeParse(request.body);
    if (!parsed.success) {
      charges.inc({ outcome: 'invalid' });
      return reply.code(400).send({ error: 'invalid_request', message: describeIssues(parsed.error) });
    }
    const charge = parsed.data;
    if (random() < slowRate) await sleep(slowMs);
    if (random() < errorRate) {
      charges.inc({ outcome: 'failed' });
      throw new ProcessorError('the card processor did not answer the authorization');
    }
    if (random() < failureRate) {
      charges.inc({ outcome: 'declined' });
      observer.logger.warn({ order_id: charge.order_id, amount_cents: charge.amount_cents }, 'charge declined');
      return reply.code(402).send({ error: 'card_declined' });
    }
    charges.inc({ outcome: 'succeeded' });
    const chargeId = randomUUID();
    observer.logger.info({ order_id: charge.order_id, charge_id: chargeId, amount_cents: charge.amount_cents }, 'charge succeeded');
    return reply.code(201).send({ id: chargeId, status: 'succeeded', ...charge });
  });

  return app;
}
