import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../src/testing/index.js';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const LINE_TIMEOUT_MS = 15_000;

type LogLine = Record<string, unknown>;

/** The first ```ts block of the SDK README, or the first one after `heading` (e.g. "## Health"). */
export function readmeTsBlock(heading?: string): string {
  const markdown = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = heading === undefined ? 0 : markdown.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README has no "${heading}" section`);
  const match = /```ts\n([\s\S]*?)```/.exec(markdown.slice(start));
  if (!match?.[1])
    throw new Error(heading === undefined ? 'README has no ```ts block' : `README's "${heading}" section has no \`\`\`ts block`);
  return match[1];
}

export interface ExampleProcess {
  readonly child: ChildProcess;
  /** Its stdout, one parsed JSON log line each. */
  readonly lines: readonly LogLine[];
  /** The first line `predicate` accepts, waiting for it up to 15 s. */
  waitForLine(predicate: (line: LogLine) => boolean, what: string): Promise<LogLine>;
  /** Its exit code, once it exits. */
  readonly exited: Promise<number | null>;
}

/** Runs an example of the SDK's examples/ from its TypeScript source, in production mode, with `env` added. */
export function runExample(examplePath: string, env: Record<string, string>): ExampleProcess {
  const child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', examplePath], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: LogLine[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as LogLine));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLine = (predicate: (line: LogLine) => boolean, what: string) =>
    eventually(async () => lines.find(predicate), what, {
      retryErrors: true,
      timeoutMs: LINE_TIMEOUT_MS,
      intervalMs: 20,
      details: () => JSON.stringify(lines),
    });
  return { child, lines, waitForLine, exited };
}
