import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemon } from './daemon.js';

/** One route to one receiver with no integrations: alerts are stored and listed, never sent anywhere. */
const MINIMAL_CONFIG = ['route:', '  receiver: sink', 'receivers:', '  - name: sink', ''].join('\n');

export interface AlertmanagerServer {
  /** e.g. http://127.0.0.1:41235 */
  readonly url: string;
  /** What Alertmanager printed so far (tail), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real Alertmanager (Debian's prometheus-alertmanager) on a free port of
 * 127.0.0.1, with its config and storage in a temp dir and clustering off, and resolves once
 * /-/ready answers. stop() (and, as a backstop, this process's exit) kills it.
 */
export async function startAlertmanager(binary: string, config = MINIMAL_CONFIG): Promise<AlertmanagerServer> {
  return startDaemon({
    name: 'Alertmanager',
    binary,
    prepare: (directory) => writeFile(join(directory, 'alertmanager.yml'), config),
    args: (directory, port) => [
      `--config.file=${join(directory, 'alertmanager.yml')}`,
      `--storage.path=${join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty: no gossip listener, so nothing but the HTTP port is opened.
      '--cluster.listen-address=',
    ],
    readyPath: '/-/ready',
    timeoutMs: 20_000,
    intervalMs: 50,
  });
}
