import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const START_TIMEOUT_MS = 120_000;

/**
 * How npm start runs a process of the example from its TypeScript source: tsx, and a watch that
 * stops it when npm start dies without stopping it (see exit-with-parent.ts).
 */
export const EXAMPLE_NODE_ARGS: readonly string[] = [
  '--conditions=sightline-source',
  '--import',
  'tsx',
  '--import',
  new URL('./exit-with-parent.ts', import.meta.url).href,
];
const STOP_GRACE_MS = 15_000;

export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  /** The service's debug server, when it runs one (it prints `LISTENING <port> DEBUG <port>`). */
  readonly debugUrl: string | undefined;
  /** SIGTERM, SIGKILL after a grace period; resolves with the exit code. */
  stop(): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

/**
 * Runs one example service from its TypeScript source as its own process (so traces cross
 * a real process boundary), its stdout (JSON logs) appended to `logFile`, and resolves with
 * its URL once it prints `LISTENING <port>` (or `LISTENING <port> DEBUG <debug port>`) on stderr.
 */
export async function startServiceProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  logFile: string,
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [...EXAMPLE_NODE_ARGS, entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  let stderr = '';
  const [port, debugPort] = await new Promise<[number, number | undefined]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`)), START_TIMEOUT_MS);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /^LISTENING (\d+)(?: DEBUG (\d+))?$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve([Number(match[1]), match[2] === undefined ? undefined : Number(match[2])]);
      } else {
        stderr += `${line}\n`;
        log.write(`${line}\n`);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before listening:\n${stderr}`));
    });
  });

  let stopping: Promise<number | null> | undefined;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    debugUrl: debugPort === undefined ? undefined : `http://127.0.0.1:${debugPort}`,
    exited,
    stop() {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        const code = await exited;
        clearTimeout(grace);
        return code;
      })();
      return stopping;
    },
  };
}
