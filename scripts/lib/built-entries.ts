import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

type ExportTarget = string | null | { readonly [condition: string]: ExportTarget } | readonly ExportTarget[];

/** A package export as plain `node` sees it: the specifier and the file it must load. */
export interface BuiltEntry {
  readonly specifier: string;
  /** Absolute path of the file the `default` (or `import`) condition names. */
  readonly file: string;
}

/** The target plain `node` picks: no custom conditions, so `import`, `node` or `default`. */
function plainNodeTarget(target: ExportTarget): string | undefined {
  if (typeof target === 'string') return target;
  if (target === null) return undefined;
  if (Array.isArray(target)) return target.map(plainNodeTarget).find((found) => found !== undefined);
  const conditions = target as { readonly [condition: string]: ExportTarget };
  for (const [condition, nested] of Object.entries(conditions)) {
    if (condition === 'import' || condition === 'node' || condition === 'default') {
      const found = plainNodeTarget(nested);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Every exported subpath of the package in `dir` (wildcard subpaths left out), with its file. */
export function builtEntries(dir: string): BuiltEntry[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; exports?: unknown };
  const exports = manifest.exports;
  if (exports === undefined) return [];
  const subpaths: [string, ExportTarget][] =
    typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).every((key) => key.startsWith('.'))
      ? Object.entries(exports as Record<string, ExportTarget>)
      : [['.', exports as ExportTarget]];
  return subpaths.flatMap(([subpath, target]) => {
    const file = plainNodeTarget(target);
    if (file === undefined || subpath.includes('*')) return [];
    return [{ specifier: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`, file: join(dir, file) }];
  });
}

function newestSource(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (!/\.test\.[cm]?[jt]sx?$/.test(entry.name)) {
        const { mtimeMs } = statSync(path);
        if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file: path, mtimeMs };
      }
    }
  };
  if (existsSync(dir)) visit(dir);
  return newest;
}

/**
 * Why the built `files` of the package in `dir` cannot be trusted, or undefined when they can:
 * one is missing, or a file under `src/` (tests aside) changed after it was written. A full
 * build rewrites every output, so an output older than a source is one that build did not make.
 */
export function buildProblem(dir: string, files: readonly string[]): string | undefined {
  const fix = 'run `npm run build` at the repository root (`npm install` and `npm ci` run it as the root prepare script)';
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) return `missing ${missing.map((file) => relative(dir, file)).join(', ')}: ${fix}`;
  const source = newestSource(join(dir, 'src'));
  if (source === undefined) return undefined;
  for (const file of files) {
    if (statSync(file).mtimeMs < source.mtimeMs) {
      return `${relative(dir, file)} is older than ${relative(dir, source.file)}, so it was built from older sources: ${fix}`;
    }
  }
  return undefined;
}
