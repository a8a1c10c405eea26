import { z } from 'zod';

/** The environment the service reads; the README prints the same table. */
export const ORDERS_ENV = {
  PORT: 'port to listen on; 0 picks a free one (default 0)',
  HOST: 'address to bind (default 127.0.0.1)',
  DATABASE_URL: 'Postgres to use; unset starts an embedded Postgres with its files in PGDATA_DIR',
  PGDATA_DIR: 'data directory of the embedded Postgres (default <repo>/.sightline/pg-data)',
  PG_PORT: 'port of the embedded Postgres on 127.0.0.1 (default: a free one); unused with DATABASE_URL',
  PAYMENTS_URL: 'base URL of the payments service (default http://127.0.0.1:3001)',
} as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).optional(),
  PGDATA_DIR: z.string().min(1).optional(),
  PG_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  PAYMENTS_URL: z.url().default('http://127.0.0.1:3001'),
});

export interface OrdersConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string | undefined;
  /** The embedded Postgres's port; undefined: a free one. */
  readonly pgPort: number | undefined;
  readonly paymentsUrl: string;
}

/** Reads and validates the environment once; a bad value throws naming the variable. */
export function readOrdersConfig(env: Record<string, string | undefined>): OrdersConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid orders-api configuration:\n  ${problems.join('\n  ')}`);
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: parsed.PGDATA_DIR,
    pgPort: parsed.PG_PORT,
    paymentsUrl: parsed.PAYMENTS_URL,
  };
}
