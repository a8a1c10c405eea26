import type { ProgressOutput } from './progress.js';

/**
 * What commands touch outside themselves, in one place: results go to `stdout`, progress
 * and errors to `stderr`. main.ts passes the process's; tests pass their own.
 */
export interface CliIo {
  /** `isTTY` (process.stdout's) decides whether results are coloured. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: ProgressOutput;
  readonly env: Record<string, string | undefined>;
  /** Folder default file names are saved in. */
  readonly cwd: string;
  readonly now: () => Date;
  /** Aborted on Ctrl-C: downloads stop and remove their partial file. */
  readonly signal?: AbortSignal;
}

/**
 * Where the paths a user types are relative to. `npm run sightline -- …` in this repository runs
 * the CLI from the repository root, whatever directory it was typed in: there, npm's INIT_CWD is
 * that directory. Anywhere else (an installed `sightline`, an app's own npm script, which expects
 * its package directory) the process's own.
 */
export function userCwd(env: NodeJS.ProcessEnv, processCwd: string): string {
  const fromRepositoryScript = env.npm_lifecycle_event === 'sightline' && env.npm_package_name === 'sightline';
  return fromRepositoryScript && env.INIT_CWD ? env.INIT_CWD : processCwd;
}

export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: userCwd(process.env, process.cwd()),
    now: () => new Date(),
    ...(signal === undefined ? {} : { signal }),
  };
}
