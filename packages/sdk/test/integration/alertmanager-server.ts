import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@sightline/dev-postgres/free-port';
import { pollUntil } from './poll-until.js';

const OUTPUT_LIMIT = 64 * 1024;
const STOP_GRACE_MS = 5000;

/** One route to one receiver with no integrations: alerts are stored and listed, never sent anywhere. */
const MINIMAL_CONFIG = ['route:', '  receiver: sink', 'receivers:', '  - name: sink', ''].join('\n');

export interface AlertmanagerServer {
  /** e.g. http://127.0.0.1:41235 */
  readonly url: string;
  /** What Alertmanager printed so far (tail), for failure messages. */
  output(): string;
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

/**
 * Starts the real Alertmanager (Debian's prometheus-alertmanager) on a free port of
 * 127.0.0.1, with its config and storage in a temp dir and clustering off, and resolves once
 * /-/ready answers. stop() (and, as a backstop, this process's exit) kills it.
 */
export async function startAlertmanager(binary: string, config = MINIMAL_CONFIG): Promise<AlertmanagerServer> {
  const directory = await mkdtemp(join(tmpdir(), 'sightline-alertmanager-'));
  const configFile = join(directory, 'alertmanager.yml');
  await writeFile(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${join(directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Empty: no gossip listener, so nothing but the HTTP port is opened.
    '--cluster.listen-address=',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

  // An early exit (bad flag, port taken) ends the wait at once, with what Alertmanager said.
  const exited = new AbortController();
  child.once('exit', (code, signal) => exited.abort(new Error(`alertmanager exited (code ${code}, signal ${signal}):\n${output}`)));
  child.on('error', (error) => exited.abort(error));
  try {
    await pollUntil(async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), `Alertmanager to be ready at ${url}`, {
      signal: exited.signal,
      details: () => output,
      timeoutMs: 20_000,
      intervalMs: 50,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => output, stop };
}
