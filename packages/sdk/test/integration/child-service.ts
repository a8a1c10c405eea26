import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

export type LogLine = Record<string, unknown>;

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildService {
  readonly url: string;
  /** Every JSON line the child wrote to stdout, parsed, in order. */
  readonly logs: readonly LogLine[];
  /** stderr and non-JSON stdout lines, for failure messages. */
  output(): string;
  /** Resolves with the first log line (already written or still to come) matching predicate. */
  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then SIGKILL after a grace period; resolves with how the child exited. */
  stop(): Promise<ExitStatus>;
  /** Sends a signal (SIGUSR2 to poke the fixture, a second SIGTERM); false once the child is gone. */
  signal(signal: NodeJS.Signals): boolean;
}

/** The parent's environment minus the variables our SDK reads, so the machine cannot steer the child. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && !key.startsWith('SIGHTLINE_')) env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a fixture from test/fixtures as a real Node process, from TypeScript source
 * (`node --conditions=sightline-source --import tsx`), and resolves once it prints
 * `LISTENING <port>`. A process-exit hook kills it should the test runner die first.
 */
export async function startChildService(fixture: string, env: Record<string, string>): Promise<ChildService> {
  const child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', join(FIXTURES, fixture)], {
    cwd: PACKAGE_ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // 'close' rather than 'exit': it also fires after a failed spawn, and only once stdout is drained.
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('close', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal });
    });
  });

  const logs: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  let other = '';
  let announcePort: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve) => {
    announcePort = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    const port = /^LISTENING (\d+)$/.exec(text);
    if (port !== null) return announcePort(Number(port[1]));
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      other += `${text}\n`;
      return;
    }
    logs.push(line);
    for (const listener of listeners) listener(line);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    other += chunk.toString();
  });
  child.on('error', (error) => {
    other += `${String(error)}\n`;
  });

  const stop = async (): Promise<ExitStatus> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const status = await Promise.race([exited, delay(STOP_GRACE_MS, undefined, { ref: false })]);
      if (status !== undefined) return status;
      child.kill('SIGKILL');
    }
    return exited;
  };

  const started = await Promise.race([
    listening,
    exited.then((status) => new Error(`${fixture} exited (code ${status.code}, signal ${status.signal}) before listening`)),
    delay(STARTUP_TIMEOUT_MS, new Error(`${fixture} did not print LISTENING within ${STARTUP_TIMEOUT_MS} ms`), { ref: false }),
  ]);
  if (started instanceof Error) {
    await stop();
    started.message += `\n${other}`;
    throw started;
  }

  return {
    url: `http://127.0.0.1:${started}`,
    logs,
    output: () => other,
    waitForLog(predicate, what, timeoutMs = 10_000) {
      const found = logs.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`${fixture}: no log line ${what} within ${timeoutMs} ms\n${other}`));
        }, timeoutMs);
        const listener = (line: LogLine) => {
          if (!predicate(line)) return;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve(line);
        };
        listeners.add(listener);
      });
    },
    stop,
    signal: (signal) => child.exitCode === null && child.signalCode === null && child.kill(signal),
  };
}
