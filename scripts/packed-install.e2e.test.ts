import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postOtlp, SEED, seedBodies } from '../packages/cli/test/support/console-seed.js';
import { buildProblem, builtEntries } from './lib/built-entries.js';
import { plainEnv } from './lib/plain-env.js';
import { listWorkspaces } from './lib/workspaces.js';

/**
 * The packages as npm would publish them: every public workspace packed with `npm pack`, the
 * tarballs unpacked into a project's node_modules beside links to the third-party packages they
 * declare as `dependencies` (only those: an undeclared import fails here; their own dependencies
 * resolve from the repository's node_modules, where the links point), and the installed
 * `sightline console` run on plain node. A file its `files` list leaves out (a built entry, the UI
 * bundle, the store worker) fails here, where the workspace's own symlinked packages would hide it.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const STARTUP_MS = 60_000;

interface PackResult {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** The dependency fields an install of a published package reads (devDependencies stay with the repository). */
const INSTALLED_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

interface Manifest extends Partial<Record<(typeof INSTALLED_FIELDS)[number], Record<string, string>>> {
  readonly version?: string;
  readonly private?: boolean;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The third-party packages the packages in `dirs` declare as runtime dependencies (not the optional peers an app brings). */
function declaredDependencies(dirs: readonly string[]): string[] {
  const names = new Set<string>();
  for (const dir of dirs) {
    const manifest = manifestOf(dir);
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true);
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...peers]) if (!name.startsWith('@sightline/')) names.add(name);
  }
  return [...names].sort();
}

const publicWorkspaces = listWorkspaces(ROOT).filter((workspace) => manifestOf(workspace.dir).private !== true);

describe('npm pack, unpacked into a project, on plain node', () => {
  let work = '';
  let project = '';
  let packed: PackResult[] = [];
  let consoleProcess: ChildProcess | undefined;

  beforeAll(async () => {
    const stale = publicWorkspaces.flatMap((workspace) => {
      // The CLI exports nothing: its bin runs dist/main.js.
      const cliMain = workspace.name === '@sightline/cli' ? [join(workspace.dir, 'dist', 'main.js')] : [];
      const problem = buildProblem(workspace.dir, [...builtEntries(workspace.dir).map((entry) => entry.file), ...cliMain]);
      return problem === undefined ? [] : [`${workspace.name}: ${problem}`];
    });
    if (stale.length > 0) throw new Error(`the workspace packages' dist is not usable:\n${stale.join('\n')}`);
    work = mkdtempSync(join(tmpdir(), 'sightline-packed-'));
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    // --ignore-scripts: the install step built dist already (checked above); prepack would build again.
    const workspaceFlags = publicWorkspaces.flatMap((workspace) => ['--workspace', workspace.name]);
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs, ...workspaceFlags], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    });
    packed = JSON.parse(stdout) as PackResult[];

    project = join(work, 'project');
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@sightline'), { recursive: true });
    for (const name of declaredDependencies(publicWorkspaces.map((workspace) => workspace.dir))) {
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
    }
    for (const result of packed) {
      const into = join(modules, result.name);
      mkdirSync(into, { recursive: true });
      await run('tar', ['-xzf', join(tarballs, result.filename), '-C', into, '--strip-components=1']);
    }
  });

  afterAll(() => {
    consoleProcess?.kill('SIGKILL');
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('packs the SDK, its OTLP codec, the SLO tools, the console and the CLI, none of them private', () => {
    expect(packed.map((result) => result.name).sort()).toEqual([
      '@sightline/cli',
      '@sightline/console',
      '@sightline/otlp',
      '@sightline/sdk',
      '@sightline/slo',
    ]);
  });

  it('names each sibling package at the version published beside it, never a range a registry could answer with another', () => {
    const versions = new Map(publicWorkspaces.map((workspace) => [workspace.name, manifestOf(workspace.dir).version]));
    const named = publicWorkspaces.flatMap((workspace) => {
      const manifest = manifestOf(workspace.dir);
      return INSTALLED_FIELDS.flatMap((field) =>
        Object.entries(manifest[field] ?? {})
          .filter(([name]) => name.startsWith('@sightline/'))
          .map(([name, range]) => ({ in: `${workspace.name} ${field}`, name, range, published: versions.get(name) ?? '(not public)' })),
      );
    });
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((entry) => entry.range !== entry.published)).toEqual([]);
  });

  it("puts every file a package's exports and bin name into its tarball, and no test", () => {
    for (const result of packed) {
      const workspace = publicWorkspaces.find((candidate) => candidate.name === result.name);
      const paths = new Set(result.files.map((file) => file.path));
      const entries = builtEntries(workspace?.dir ?? '').map((entry) => entry.file.slice((workspace?.dir ?? '').length + 1));
      for (const entry of entries) expect(paths.has(entry), `${result.name}: ${entry}`).toBe(true);
      for (const path of paths) expect(path, result.name).not.toMatch(/\.test\.ts$/);
    }
    const cli = packed.find((result) => result.name === '@sightline/cli');
    expect(cli?.files.map((file) => file.path)).toEqual(expect.arrayContaining(['bin/sightline.js', 'dist/main.js']));
    // The UI is served from the console's built bundle.
    const consoleFiles = packed.find((result) => result.name === '@sightline/console')?.files.map((file) => file.path) ?? [];
    expect(consoleFiles).toContain('dist/ui/index.html');
    expect(consoleFiles.some((path) => /^dist\/ui\/assets\/.+\.js$/.test(path))).toBe(true);
    // The UI's libraries are in that bundle: an install of the console does not fetch them.
    expect(declaredDependencies(publicWorkspaces.map((workspace) => workspace.dir))).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(react|react-dom|uplot)$/)]),
    );
  });

  it('runs the installed sightline console: its page and bundle load, and a span sent to it comes back from its API', async () => {
    const bin = join(project, 'node_modules', '@sightline', 'cli', 'bin', 'sightline.js');
    const child = spawn(process.execPath, [bin, 'console', '--memory', '--port', '0', '--otlp-port', '0'], {
      cwd: project,
      env: plainEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    consoleProcess = child;
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const urls = new Promise<{ ui: string; otlp: string }>((resolve, reject) => {
      let ui = '';
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        ui = /UI and API:\s+(\S+)/.exec(line)?.[1] ?? ui;
        const otlp = /OTLP\/HTTP:\s+(\S+)/.exec(line)?.[1];
        if (otlp !== undefined) resolve({ ui, otlp });
      });
      exited.then((code) => reject(new Error(`sightline console exited (${code}) before its banner:\n${output}`)));
      setTimeout(() => reject(new Error(`no banner within ${STARTUP_MS} ms:\n${output}`)), STARTUP_MS).unref();
    });
    const { ui, otlp } = await urls;

    const page = await fetch(ui);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const bundle = await fetch(new URL(script as string, ui));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);

    await postOtlp(otlp, 'traces', seedBodies(Date.now()).traces);
    const answer = (await (await fetch(new URL('/api/traces?since=1h', ui))).json()) as { traces: { traceId: string; rootName: string }[] };
    expect(answer.traces.map((trace) => trace.traceId)).toContain(SEED.checkoutTrace);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
