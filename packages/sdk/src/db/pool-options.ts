import { z } from 'zod';
import { SightlineConfigError } from '../sightline-error/index.js';

const poolOptionsSchema = z
  .object({
    /** Queries at least this long are logged at warn with their sanitized text. */
    slowQueryMs: z.number().finite().nonnegative().default(500),
    /** `db_client_connection_pool_name` on the pool gauges; unique per observer. */
    name: z.string().min(1).default('default'),
    /** `db.namespace`; defaults to the database the pool connects to. */
    dbNamespace: z.string().min(1).optional(),
  })
  .strict();

export type InstrumentPoolOptions = z.input<typeof poolOptionsSchema>;
export type ResolvedPoolOptions = z.output<typeof poolOptionsSchema>;

export function resolvePoolOptions(options: unknown = {}): ResolvedPoolOptions {
  const parsed = poolOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  throw new SightlineConfigError(
    parsed.error.issues.map((issue) => `instrumentPool ${issue.path.length > 0 ? issue.path.join('.') : '(options)'}: ${issue.message}`),
  );
}

/** The part of pg's PoolConfig that says where the pool connects. */
export interface ConnectionSettings {
  readonly host?: string | undefined;
  readonly port?: number | string | undefined;
  readonly database?: string | undefined;
  readonly connectionString?: string | undefined;
}

export interface ConnectionTarget {
  readonly address: string;
  readonly port: number;
  readonly database: string | undefined;
}

function fromConnectionString(connectionString: string | undefined): Partial<Record<'host' | 'port' | 'database', string>> {
  if (connectionString === undefined) return {};
  try {
    const url = new URL(connectionString);
    return {
      ...(url.hostname !== '' ? { host: decodeURIComponent(url.hostname) } : {}),
      ...(url.port !== '' ? { port: url.port } : {}),
      ...(url.pathname.length > 1 ? { database: decodeURIComponent(url.pathname.slice(1)) } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * `server.address`, `server.port` and the default `db.namespace`, resolved the way pg does:
 * explicit options, then the connection string, then PG* environment variables, then libpq
 * defaults. Done once per pool, so each span copies constants.
 */
export function connectionTarget(settings: ConnectionSettings, env: NodeJS.ProcessEnv = process.env): ConnectionTarget {
  const url = fromConnectionString(settings.connectionString);
  const port = Number(settings.port ?? url.port ?? env.PGPORT ?? 5432);
  return {
    address: settings.host ?? url.host ?? env.PGHOST ?? 'localhost',
    port: Number.isInteger(port) ? port : 5432,
    database: settings.database ?? url.database ?? env.PGDATABASE,
  };
}
