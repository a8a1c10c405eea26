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

export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    ...(signal === undefined ? {} : { signal }),
  };
}
