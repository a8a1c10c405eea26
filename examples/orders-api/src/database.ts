import { fileURLToPath } from 'node:url';
import { startDevPostgres } from '@sightline/dev-postgres';

/** `<repo>/.sightline/pg-data`, ignored by git. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../.sightline/pg-data', import.meta.url));

export interface DatabaseOptions {
  /** Where embedded Postgres keeps its files; an initialised one is reused. */
  readonly dataDir?: string;
  /** Database to create (if missing) and connect to. */
  readonly database?: string;
  /** The embedded Postgres's port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Environment to read DATABASE_URL from. */
  readonly env?: Record<string, string | undefined>;
  /** Postgres's own log lines (start-up, errors), for a caller that wants them. */
  readonly onLog?: (message: string) => void;
}

export interface Database {
  readonly connectionString: string;
  /** True when this process started the server (and stop() stops it). */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The database the service talks to: DATABASE_URL when set, else an embedded Postgres from npm
 * on `port` (a free one when unset), its files in `dataDir` (kept between runs).
 */
export async function startDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) return { connectionString: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const server = await startDevPostgres({
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    database: options.database ?? 'orders',
    persistent: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  return { connectionString: server.connectionString, embedded: true, stop: () => server.stop() };
}
