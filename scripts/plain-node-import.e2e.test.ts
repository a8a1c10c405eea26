import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltEntry, buildProblem, builtEntries } from './lib/built-entries.js';
import { plainEnv } from './lib/plain-env.js';
import { listWorkspaces } from './lib/workspaces.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'scripts', 'fixtures', 'plain-node');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const run = promisify(execFile);

/** Workspace packages whose `build` script emits the files their `exports` point at. */
const builtPackages = listWorkspaces(ROOT)
  .filter((workspace) => workspace.scripts.build !== undefined)
  .map((workspace) => ({ name: workspace.name, dir: workspace.dir, entries: builtEntries(workspace.dir) }));
const cli = builtPackages.find((workspace) => workspace.name === '@sightline/cli');
const CLI_BUILT_ENTRY = cli === undefined ? '' : join(cli.dir, 'dist', 'main.js');

describe('after npm install, plain node (no tsx, no --conditions)', () => {
  // A user's project: its own folder whose node_modules holds the installed packages.
  let project = '';
  let app: ChildProcess | undefined;

  beforeAll(() => {
    // Fail on a missing or stale build here, with the fix, rather than on an import error below.
    const problems = builtPackages.flatMap(({ name, dir, entries }) => {
      const files = [...entries.map((entry) => entry.file), ...(name === cli?.name ? [CLI_BUILT_ENTRY] : [])];
      const problem = buildProblem(dir, files);
      return problem === undefined ? [] : [`${name}: ${problem}`];
    });
    if (problems.length > 0) throw new Error(`the workspace packages' dist is not usable:\n${problems.join('\n')}`);
    project = mkdtempSync(join(tmpdir(), 'sightline-plain-node-'));
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    copyFileSync(join(FIXTURES, 'express-app.mjs'), join(project, 'app.mjs'));
    copyFileSync(join(FIXTURES, 'import-exports.mjs'), join(project, 'import-exports.mjs'));
  });

  afterAll(() => {
    app?.kill('SIGKILL');
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  it('imports every export of every built workspace package from the file its default condition names', async () => {
    const entries: BuiltEntry[] = builtPackages.flatMap((workspace) => workspace.entries);
    const specifiers = entries.map((entry) => entry.specifier);
    expect(specifiers).toEqual(
      expect.arrayContaining([
        '@sightline/sdk',
        '@sightline/sdk/express',
        '@sightline/sdk/fastify',
        '@sightline/sdk/node',
        '@sightline/sdk/pg',
        '@sightline/sdk/testing',
        '@sightline/sdk/debug',
        '@sightline/dev-postgres',
      ]),
    );
    const { stdout } = await run(process.execPath, ['import-exports.mjs', ...specifiers], { cwd: project, env: plainEnv() });
    const imported = JSON.parse(stdout) as { specifier: string; url: string; exportCount: number }[];
    expect(imported.map(({ specifier, url }) => ({ specifier, url }))).toEqual(
      entries.map((entry) => ({ specifier: entry.specifier, url: pathToFileURL(realpathSync(entry.file)).href })),
    );
    for (const module of imported) expect(module.exportCount, module.specifier).toBeGreaterThan(0);
    // cpuProfileToPprof, heapProfileToPprof, encodePprof and HEAP_SAMPLING_INTERVAL_BYTES, from dist/debug/pprof.js
    expect(imported.find((module) => module.specifier === '@sightline/sdk/debug')?.exportCount).toBe(4);
    expect(imported.every(({ url }) => /\/dist\/.*\.js$/.test(url))).toBe(true);
  });

  it('serves a request through the Express adapter and writes its JSON access line', async () => {
    const child = spawn(process.execPath, ['app.mjs'], { cwd: project, env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    app = child;
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    const listening = new Promise<{ port: number; resolved: { sdk: string; express: string } }>((resolve, reject) => {
      createInterface({ input: child.stderr }).on('line', (text) => {
        const match = /^LISTENING (\d+) (.*)$/.exec(text);
        if (match !== null) resolve({ port: Number(match[1]), resolved: JSON.parse(match[2] as string) });
        else stderr += `${text}\n`;
      });
      exited.then((code) => reject(new Error(`app.mjs exited (${code}) before listening:\n${stderr}`)));
    });
    const accessLine = new Promise<Record<string, unknown>>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (text) => {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === 'request completed') resolve(line);
      });
      exited.then(() => reject(new Error(`app.mjs exited without an access line; stdout:\n${JSON.stringify(lines)}\n${stderr}`)));
    });

    const { port, resolved } = await listening;
    expect(resolved.sdk).toBe(pathToFileURL(join(ROOT, 'packages', 'sdk', 'dist', 'index.js')).href);
    expect(resolved.express).toBe(pathToFileURL(join(ROOT, 'packages', 'sdk', 'dist', 'adapters', 'express.js')).href);

    const response = await fetch(`http://127.0.0.1:${port}/greetings/ada`, {
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, 'x-request-id': 'plain-node-1' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ greeting: 'hello ada' });
    expect(response.headers.get('x-request-id')).toBe('plain-node-1');

    expect(await accessLine).toMatchObject({
      service: 'plain-node-app',
      method: 'GET',
      route: '/greetings/:name',
      status: 200,
      request_id: 'plain-node-1',
      trace_id: TRACE_ID,
    });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.runIf(cli !== undefined)('runs the sightline command from its built entry', async () => {
    const { version } = JSON.parse(readFileSync(join(cli?.dir ?? '', 'package.json'), 'utf8')) as { version: string };
    const built = await run(process.execPath, [CLI_BUILT_ENTRY, '--version'], { cwd: project, env: plainEnv() });
    expect(built.stdout.trim()).toBe(version);
    const bin = await run(join(project, 'node_modules', '.bin', 'sightline'), ['--version'], { cwd: project, env: plainEnv() });
    expect(bin.stdout.trim()).toBe(version);
  });
});
