import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layout rules of CONVENTIONS.md, checked from the source: capability folders of
 * `src/` depend on each other one way only, counting `import type` and re-exports too.
 * (The bound on function length is checked for every server package in scripts/function-length.test.ts.)
 */
const sourceRoot = dirname(fileURLToPath(import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g;

interface Edge {
  from: string;
  to: string;
  file: string;
  target: string;
}

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

/** The capability folder a source file belongs to; files directly in `src/` are the root. */
function folderOf(file: string): string {
  const parts = relative(sourceRoot, file).split(sep);
  return parts.length === 1 ? '.' : (parts[0] as string);
}

function folderEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(sourceRoot)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] as string;
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push({ from, to, file: relative(sourceRoot, file), target: relative(sourceRoot, target) });
    }
  }
  return edges;
}

/** Every cycle's folders, found by a depth-first walk that reports each back edge's loop. */
function findCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    const targets = next.get(edge.from) ?? new Set<string>();
    targets.add(edge.to);
    next.set(edge.from, targets);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): void => {
    state.set(folder, 'open');
    path.push(folder);
    for (const target of next.get(folder) ?? []) {
      const seen = state.get(target);
      if (seen === 'open') cycles.push([...path.slice(path.indexOf(target)), target]);
      else if (seen === undefined) visit(target);
    }
    path.pop();
    state.set(folder, 'done');
  };
  for (const folder of [...next.keys()].sort()) if (!state.has(folder)) visit(folder);
  return cycles;
}

/**
 * Folders that sit below others: the request pass (http/) and shutdown/ are driven by the
 * composition root (observer/) and the framework adapters (adapters/), never the other way.
 */
const BELOW: Readonly<Record<string, readonly string[]>> = {
  http: ['observer', 'adapters'],
  shutdown: ['observer', 'adapters'],
};

/** Imports of another folder's file other than its index.ts (its public surface). */
function reachesPastIndex(edge: Edge): boolean {
  const target = edge.target.split(sep).join('/');
  return edge.to !== '.' && target !== `${edge.to}/index.ts`;
}

describe('the source layout', () => {
  const edges = folderEdges();

  it('finds the imports between capability folders', () => {
    expect(edges.some((edge) => edge.from === 'observer' && edge.to === 'http')).toBe(true);
  });

  it('has no import cycle between capability folders, counting type imports and re-exports', () => {
    expect(findCycles(edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps http/ and shutdown/ free of imports from observer/ and adapters/, with no exception', () => {
    const upward = edges.filter((edge) => BELOW[edge.from]?.includes(edge.to) === true);
    expect(upward.map((edge) => `${edge.file} -> ${edge.target}`)).toEqual([]);
  });

  it('finds the framework adapters in adapters/, built on the pass of http/', () => {
    expect(edges.some((edge) => edge.from === 'adapters' && edge.to === 'http')).toBe(true);
  });

  it('reaches into another folder only through its index.ts', () => {
    const pastIndex = edges.filter(reachesPastIndex);
    expect(pastIndex.map((edge) => `${edge.file} -> ${edge.target}`)).toEqual([]);
  });

  it('reports a cycle when two folders import each other', () => {
    const loop: Edge[] = [
      { from: 'a', to: 'b', file: 'a/x.ts', target: 'b/index.ts' },
      { from: 'b', to: 'a', file: 'b/y.ts', target: 'a/index.ts' },
    ];
    expect(findCycles(loop)).toEqual([['a', 'b', 'a']]);
  });
});
