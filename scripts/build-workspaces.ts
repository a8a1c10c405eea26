/**
 * Builds every workspace package that has a `build` script, dependencies first, so that plain
 * `node` (no tsx, no `--conditions`) can import the `dist/` files their `exports` point at.
 * The root `prepare` script runs it: npm runs the root project's `prepare` after a bare
 * `npm install` and after `npm ci`. A new package joins by having a `build` script; its
 * place in the order comes from the workspace packages its package.json depends on.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLevels } from './lib/build-order.js';
import { listWorkspaces, type Workspace } from './lib/workspaces.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface BuildResult {
  readonly workspace: Workspace;
  readonly ok: boolean;
  readonly seconds: number;
  readonly output: string;
}

/** npm itself when we run under it (a lifecycle script), else the `npm` on PATH. */
function npmCommand(): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli?.endsWith('.js') ? [process.execPath, [cli]] : ['npm', []];
}

function build(workspace: Workspace): Promise<BuildResult> {
  const started = performance.now();
  const [command, prefix] = npmCommand();
  const child = spawn(command, [...prefix, 'run', 'build', '--workspace', workspace.name], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Collected, not streamed: parallel builds would interleave their lines.
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  return new Promise((resolve) => {
    const done = (ok: boolean, extra = '') =>
      resolve({ workspace, ok, seconds: (performance.now() - started) / 1000, output: output + extra });
    child.once('error', (error) => done(false, `\n${error.message}`));
    child.once('close', (code, signal) => done(code === 0, code === 0 ? '' : `\nexited with ${signal ?? `code ${code}`}`));
  });
}

async function buildLevel(level: readonly Workspace[], parallelism: number): Promise<BuildResult[]> {
  const results: BuildResult[] = [];
  const queue = [...level];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = await build(next);
      console.log(`${result.ok ? 'built' : 'FAILED'} ${result.workspace.name} in ${result.seconds.toFixed(1)} s`);
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, level.length) }, worker));
  return results;
}

async function main(): Promise<number> {
  const started = performance.now();
  const levels = buildLevels(listWorkspaces(ROOT));
  const parallelism = Math.max(1, availableParallelism());
  let count = 0;
  for (const level of levels) {
    const failed = (await buildLevel(level, parallelism)).filter((result) => !result.ok);
    count += level.length;
    if (failed.length > 0) {
      for (const result of failed) console.error(`\n--- ${result.workspace.name}: npm run build failed ---\n${result.output.trim()}`);
      console.error(`\nworkspace build failed: ${failed.map((result) => result.workspace.name).join(', ')} (later packages not built)`);
      return 1;
    }
  }
  const order = levels.map((level) => level.map((workspace) => workspace.name).join(' + ')).join(' → ');
  console.log(`built ${count} workspace packages in ${((performance.now() - started) / 1000).toFixed(1)} s: ${order}`);
  return 0;
}

process.exitCode = await main();
