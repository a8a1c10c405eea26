import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: services run from their TypeScript source, as `npm start` runs them. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 90_000;

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Service {
  readonly url: string;
  readonly pid: number;
  /** What the service wrote on stderr so far (its LISTENING line excluded). */
  stderr(): string;
  /** Its stdout (JSON log lines), read from the file it writes to. */
  stdout(): string;
  readonly exited: Promise<ExitStatus>;
  /** Resident set size now, from /proc (bytes). */
  rssBytes(): number;
  kill(signal: NodeJS.Signals): void;
  /** SIGKILL unless it exited already; resolves once it has. */
  destroy(): Promise<ExitStatus>;
}

/**
 * Runs `entry` (relative to the repo root) as its own Node process, its stdout going straight
 * to `stdoutFile` (no pipe through the test process), and resolves once it prints
 * `LISTENING <port>` on stderr, as the example services do.
 */
export async function startService(entry: string, env: Record<string, string>, stdoutFile: string): Promise<Service> {
  const out = openSync(stdoutFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`)), START_TIMEOUT_MS);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /^LISTENING (\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      } else {
        stderr += `${line}\n`;
      }
    });
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${JSON.stringify(status)}) before listening:\n${stderr}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stderr: () => stderr,
    stdout: () => readFileSync(stdoutFile, 'utf8'),
    exited,
    rssBytes: () => rssOf(child.pid as number),
    kill: (signal) => child.kill(signal),
    async destroy() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** VmRSS of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

export const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
