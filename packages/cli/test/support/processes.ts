import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const CLI_MAIN = join(REPO_ROOT, 'packages', 'cli', 'src', 'main.ts');
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

/** The parent's environment minus what the SDK and CLI read, so the machine cannot steer the children. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && !key.startsWith('SIGHTLINE_')) env[key] = value;
  }
  return { ...env, ...extra };
}

// Resolved here so a child can run in any folder (a bare `--import tsx` resolves from the cwd).
const TSX = import.meta.resolve('tsx');

/** `node --conditions=sightline-source --import tsx <script>`, as `npm run sightline` runs it. */
function spawnSource(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd = REPO_ROOT,
  nodeArgs: readonly string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--conditions=sightline-source', '--import', TSX, script, ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

export interface FixtureService {
  /** The debug server's URL as the service logs it (`http://127.0.0.1:<port>/debug`). */
  readonly debugUrl: string;
  readonly serviceUrl: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts test/fixtures/<name> and resolves once it prints `READY <debug url> <service url>`. */
/** `nodeArgs`: flags for the fixture's node (before the script), e.g. V8 options. */
export async function startFixture(name: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<FixtureService> {
  const child = spawnSource(join(FIXTURES, name), [], env, REPO_ROOT, nodeArgs);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = exitOf(child).finally(() => process.off('exit', killOnExit));
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const ready = new Promise<[string, string]>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^READY (\S+) (\S+)$/.exec(line);
      if (match !== null) resolve([match[1]!, match[2]!]);
      else output += `${line}\n`;
    });
  });
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const code = await Promise.race([exited, delay(STOP_GRACE_MS, 'timeout' as const, { ref: false })]);
      if (code !== 'timeout') return code;
      child.kill('SIGKILL');
    }
    return exited;
  };
  const started = await Promise.race([
    ready,
    exited.then((code) => new Error(`${name} exited with code ${code} before it was ready`)),
    delay(STARTUP_TIMEOUT_MS, new Error(`${name} was not ready within ${STARTUP_TIMEOUT_MS} ms`), { ref: false }),
  ]);
  if (started instanceof Error) {
    await stop();
    started.message += `\n${output}`;
    throw started;
  }
  return { debugUrl: started[0], serviceUrl: started[1], output: () => output, stop };
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the sightline CLI from source as a child process (in `cwd`) and collects its output and exit code. */
export async function runSightline(
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const child = spawnSource(CLI_MAIN, args, env, options.cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await exitOf(child);
  clearTimeout(timer);
  return { code, stdout, stderr };
}
