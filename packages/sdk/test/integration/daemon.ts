import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@sightline/dev-postgres/free-port';
import { eventually } from '../../src/testing/index.js';

const OUTPUT_LIMIT = 64 * 1024;
const STOP_GRACE_MS = 5000;

export interface DaemonOptions {
  /** How messages name it, e.g. "Prometheus". */
  readonly name: string;
  readonly binary: string;
  /** Writes what the daemon reads (config files) into its temp dir before it starts. */
  prepare?(directory: string): Promise<void>;
  /** Its command line, given its temp dir and the port it is to listen on. */
  args(directory: string, port: number): string[];
  /** The port to listen on (a restart reuses the old one); a free one when absent. */
  readonly port?: number;
  /** Ready once GET {url}{readyPath} answers 2xx... */
  readonly readyPath?: string;
  /** ...or once its output contains this text. */
  readonly readyOutput?: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

export interface Daemon {
  readonly port: number;
  /** Its process id (to signal it: SIGSTOP pauses it in the fault suite). */
  readonly pid: number;
  /** e.g. http://127.0.0.1:41235 */
  readonly url: string;
  /** What it printed so far (tail), for failure messages. */
  output(): string;
  /** SIGTERM, SIGKILL after a grace period, then its temp dir is removed; once, whoever calls. */
  stop(): Promise<void>;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS, false, { ref: false })]);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Resolves once the daemon is ready; an early exit (bad flag, port taken) ends the wait at once, with what it said. */
async function waitUntilReady(child: ChildProcess, daemon: Daemon, options: DaemonOptions): Promise<void> {
  const exited = new AbortController();
  child.once('exit', (code, signal) =>
    exited.abort(new Error(`${options.name.toLowerCase()} exited (code ${code}, signal ${signal}):\n${daemon.output()}`)),
  );
  child.on('error', (error) => exited.abort(error));
  const ready = async () => {
    if (options.readyPath !== undefined && !(await fetch(`${daemon.url}${options.readyPath}`)).ok) return undefined;
    if (options.readyOutput !== undefined && !daemon.output().includes(options.readyOutput)) return undefined;
    return true;
  };
  await eventually(ready, `${options.name} to be ready on 127.0.0.1:${daemon.port}`, {
    timeoutMs: options.timeoutMs ?? 30_000,
    intervalMs: options.intervalMs ?? 100,
    retryErrors: true,
    signal: exited.signal,
    details: daemon.output,
  });
}

/**
 * Starts a real daemon (Prometheus, Alertmanager, redis-server) on a port of 127.0.0.1 with
 * its files in a temp dir, and resolves once it is ready. stop() (and, as a backstop, this
 * process's exit) kills it, so a failing test never leaves it running.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const directory = await mkdtemp(join(tmpdir(), `sightline-${options.name.toLowerCase()}-`));
  await options.prepare?.(directory);
  const port = options.port ?? (await freePort());
  const child = spawn(options.binary, options.args(directory, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopProcess(child).finally(async () => {
      process.off('exit', killOnExit);
      await rm(directory, { recursive: true, force: true });
    });
    return stopping;
  };
  const daemon: Daemon = { port, pid: child.pid as number, url: `http://127.0.0.1:${port}`, output: () => output, stop };
  try {
    await waitUntilReady(child, daemon, options);
  } catch (error) {
    await stop();
    throw error;
  }
  return daemon;
}
