import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a workspace's package.json that decide whether and when it is built. */
export interface Workspace {
  readonly name: string;
  /** Absolute path of the package folder. */
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** Every package it names in dependencies, devDependencies, peerDependencies or optionalDependencies. */
  readonly dependsOn: readonly string[];
}

interface Manifest {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/**
 * Folders a `workspaces` pattern names. Only the two forms npm documents for a flat layout are
 * understood (`packages/*` and a plain folder); any other glob is refused rather than guessed.
 */
function expandPattern(root: string, pattern: string): string[] {
  const trimmed = pattern.replace(/\/+$/, '');
  if (trimmed.endsWith('/*') && !trimmed.slice(0, -2).includes('*')) {
    const parent = join(root, trimmed.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
      .map((entry) => join(parent, entry.name))
      .sort();
  }
  if (trimmed.includes('*') || trimmed.includes('{') || trimmed.includes('?')) {
    throw new Error(`workspaces pattern "${pattern}" is not supported by scripts/lib/workspaces.ts: use "folder/*" or "folder"`);
  }
  const dir = join(root, trimmed);
  return existsSync(join(dir, 'package.json')) ? [dir] : [];
}

/** The workspace packages of the npm project at `root`, in the order of its `workspaces` patterns. */
export function listWorkspaces(root: string): Workspace[] {
  const patterns = readManifest(root).workspaces;
  const list = Array.isArray(patterns) ? patterns : (patterns?.packages ?? []);
  const seen = new Set<string>();
  const workspaces: Workspace[] = [];
  for (const dir of list.flatMap((pattern) => expandPattern(root, pattern))) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = readManifest(dir);
    if (manifest.name === undefined) throw new Error(`${join(dir, 'package.json')} has no "name"`);
    const dependsOn = new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.keys(manifest[field] ?? {})));
    workspaces.push({ name: manifest.name, dir, scripts: manifest.scripts ?? {}, dependsOn: [...dependsOn] });
  }
  return workspaces;
}
