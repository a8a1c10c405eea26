import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SentryEvent, type SentryIngest, startSentryIngest } from './sentry-ingest.js';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'errors-crash.ts');
const RUN_TIMEOUT_MS = 30_000;

type LogLine = Record<string, unknown>;

interface Run {
  readonly code: number | null;
  readonly logs: LogLine[];
  readonly stderr: string;
  /** What the Sentry stand-in had received at the moment the process exited. */
  readonly sentAtExit: readonly SentryEvent[];
}

/** Runs the fixture as a real Node process (from TypeScript source) until it exits by itself. */
function runFixture(scenario: string, ingest: SentryIngest, nodeFlags: readonly string[] = []): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && !key.startsWith('SIGHTLINE_') && !key.startsWith('SENTRY_') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  const child = spawn(process.execPath, [...nodeFlags, '--conditions=sightline-source', '--import', 'tsx', FIXTURE, scenario], {
    cwd: PACKAGE_ROOT,
    env: { ...env, SENTRY_DSN: ingest.dsn, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${scenario}: still running after ${RUN_TIMEOUT_MS} ms\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      const sentAtExit = [...ingest.events];
      const logs = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine);
      resolve({ code, logs, stderr, sentAtExit });
    });
  });
}

const capturedLine = (run: Run) => run.logs.find((line) => line.msg === 'error captured');
const sentWith = (run: Run, value: string) => run.sentAtExit.find((event) => event.exception?.values[0]?.value === value);

/** The crash exited the process with code 1 after reaching the log (fatal, unhandled) and Sentry (under Sentry's own mechanism name). */
function expectCrashReported(run: Run, mechanism: 'uncaughtException' | 'unhandledRejection', message: string): void {
  expect(run.code, run.stderr).toBe(1);
  expect(capturedLine(run)).toMatchObject({ level: 60, mechanism, handled: false, err: { message } });
  expect(sentWith(run, message)).toMatchObject({
    level: 'fatal',
    exception: { values: [{ mechanism: { type: `on${mechanism.toLowerCase()}`, handled: false } }] },
  });
}

describe('process handlers (real child processes)', () => {
  let ingest: SentryIngest;
  /** The four children run side by side (each spends most of its life starting up), one per test. */
  let runs: Record<'uncaught' | 'rejection' | 'tolerated' | 'appHandler', Promise<Run>>;

  beforeAll(async () => {
    ingest = await startSentryIngest();
    runs = {
      uncaught: runFixture('uncaught', ingest),
      rejection: runFixture('rejection', ingest),
      tolerated: runFixture('tolerated-rejection', ingest, ['--unhandled-rejections=warn']),
      appHandler: runFixture('app-handler', ingest),
    };
    // Settled here so that a failing run is reported by its own test, not as an unhandled rejection.
    for (const run of Object.values(runs)) run.catch(() => {});
  });

  afterAll(async () => {
    await Promise.allSettled(Object.values(runs ?? {}));
    await ingest?.close();
  });

  it('reports an uncaught exception, flushes it to Sentry and the log, then exits with code 1', async () => {
    const run = await runs.uncaught;

    expectCrashReported(run, 'uncaughtException', 'uncaught boom');
    expect(capturedLine(run)).toMatchObject({ error_type: 'Error', service: 'crasher' });
    expect(run.stderr).toContain('Uncaught Error: uncaught boom');
    expect(sentWith(run, 'uncaught boom')).toMatchObject({ exception: { values: [{ type: 'Error' }] } });
  });

  it("reports an unhandled rejection and, under Node's default (throw) mode, exits with code 1 after flushing", async () => {
    const run = await runs.rejection;

    expectCrashReported(run, 'unhandledRejection', 'rejected boom');
  });

  it('reports an unhandled rejection under --unhandled-rejections=warn and lets the process carry on', async () => {
    const run = await runs.tolerated;

    expect(run.code, run.stderr).toBe(0);
    expect(capturedLine(run)).toMatchObject({ mechanism: 'unhandledRejection', err: { message: 'tolerated boom' } });
    const order = run.logs.map((line) => line.msg);
    expect(order.indexOf('still running')).toBeGreaterThan(order.indexOf('error captured'));
    expect(sentWith(run, 'tolerated boom')).toBeDefined();
  });

  it("reports an uncaught exception but leaves the exit to the app's own handler", async () => {
    const run = await runs.appHandler;

    expect(run.code, run.stderr).toBe(3);
    expect(capturedLine(run)).toMatchObject({ mechanism: 'uncaughtException', err: { message: 'handled by the app' } });
    expect(run.logs.some((line) => line.msg === 'app handler ran')).toBe(true);
    expect(sentWith(run, 'handled by the app')).toBeDefined();
  });
});
