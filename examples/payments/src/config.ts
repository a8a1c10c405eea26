import { z } from 'zod';

/** Where the chaos knobs come from: one table, the README prints the same one. */
export const PAYMENTS_ENV = {
  PORT: 'port to listen on; 0 picks a free one (default 0)',
  HOST: 'address to bind (default 127.0.0.1)',
  PAYMENTS_FAILURE_RATE: 'fraction of charges declined with 402 (default 0.1)',
  PAYMENTS_ERROR_RATE: 'fraction of charges that fail with 500, a fault of the card processor (default 0.02)',
  PAYMENTS_SLOW_RATE: 'fraction of charges answered after PAYMENTS_SLOW_MS (default 0.05)',
  PAYMENTS_SLOW_MS: 'delay of a slow charge in milliseconds (default 1200)',
} as const;

const rate = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must be within [0, 1]`)
    .max(1, `${name} must be within [0, 1]`);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  HOST: z.string().min(1).default('127.0.0.1'),
  PAYMENTS_FAILURE_RATE: rate('PAYMENTS_FAILURE_RATE').default(0.1),
  PAYMENTS_ERROR_RATE: rate('PAYMENTS_ERROR_RATE').default(0.02),
  PAYMENTS_SLOW_RATE: rate('PAYMENTS_SLOW_RATE').default(0.05),
  PAYMENTS_SLOW_MS: z.coerce.number().int().min(0).default(1200),
});

export interface PaymentsConfig {
  readonly port: number;
  readonly host: string;
  readonly failureRate: number;
  readonly errorRate: number;
  readonly slowRate: number;
  readonly slowMs: number;
}

/** Reads and validates the environment once; a bad value throws naming the variable. */
export function readPaymentsConfig(env: Record<string, string | undefined>): PaymentsConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid payments configuration:\n  ${problems.join('\n  ')}`);
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    failureRate: parsed.PAYMENTS_FAILURE_RATE,
    errorRate: parsed.PAYMENTS_ERROR_RATE,
    slowRate: parsed.PAYMENTS_SLOW_RATE,
    slowMs: parsed.PAYMENTS_SLOW_MS,
  };
}
