import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string }>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const OPTIONAL_PEERS = Object.keys(manifest.peerDependenciesMeta).filter((name) => manifest.peerDependenciesMeta[name]?.optional);
/** The one optional peer an entry point is for (its framework's types are the app's anyway). */
const ENTRY_PEER: Record<string, string> = { './express': 'express', './fastify': 'fastify', './pg': 'pg' };

/** `from '…'`, `import('…')`, `import '…'` and `/// <reference types="…" />` in a declaration file. */
const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]|<reference\s+types=["']([^"']+)["']/g;

/** The packages the declarations reachable from `entry` name, following the SDK's own files. */
function packagesNamedFrom(entry: string): Map<string, string> {
  const named = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [resolve(root, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts')));
      else if (!specifier.startsWith('node:')) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
        if (!named.has(name)) named.set(name, file.slice(root.length + 1));
      }
    }
  }
  return named;
}

describe('the published type declarations', () => {
  const built = existsSync(join(root, 'dist/index.d.ts'));

  it.each(Object.entries(manifest.exports))(
    '%s names no optional peer dependency but its own, so a strict TypeScript app type-checks without them installed',
    (entry, target) => {
      expect(built, 'packages/sdk/dist is missing: npm run build -w @sightline/sdk (npm test builds first)').toBe(true);
      const named = packagesNamedFrom(target.types);
      const offending = OPTIONAL_PEERS.filter((peer) => peer !== ENTRY_PEER[entry] && named.has(peer)).map(
        (peer) => `${peer} (in ${named.get(peer)})`,
      );
      expect(offending).toEqual([]);
    },
  );

  it('finds what it looks for: the Express entry point names express', () => {
    expect(packagesNamedFrom(manifest.exports['./express']?.types as string).has('express')).toBe(true);
  });
});
