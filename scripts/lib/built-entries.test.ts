import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProblem, builtEntries } from './built-entries.js';

describe('built entries of a package', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sightline-built-entries-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, text: string, seconds?: number) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    if (seconds !== undefined) utimesSync(join(dir, path), seconds, seconds);
  };

  it('names each subpath with the file plain node loads, skipping source and types conditions', () => {
    write(
      'package.json',
      JSON.stringify({
        name: '@scope/lib',
        exports: {
          '.': { 'sightline-source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
          './node': { types: './dist/node.d.ts', import: './dist/node.js' },
          './plain': './dist/plain.js',
          './features/*': './dist/features/*.js',
        },
      }),
    );
    expect(builtEntries(dir)).toEqual([
      { specifier: '@scope/lib', file: join(dir, 'dist', 'index.js') },
      { specifier: '@scope/lib/node', file: join(dir, 'dist', 'node.js') },
      { specifier: '@scope/lib/plain', file: join(dir, 'dist', 'plain.js') },
    ]);
  });

  it('reads an exports string as the package root', () => {
    write('package.json', JSON.stringify({ name: 'single', exports: './dist/main.js' }));
    expect(builtEntries(dir)).toEqual([{ specifier: 'single', file: join(dir, 'dist', 'main.js') }]);
  });

  it('accepts outputs written after every source file, tests aside', () => {
    write('src/index.ts', 'export {};', 1_000);
    write('src/index.test.ts', 'export {};', 3_000);
    write('dist/index.js', 'export {};', 2_000);
    expect(buildProblem(dir, [join(dir, 'dist', 'index.js')])).toBeUndefined();
  });

  it('reports a missing output with the command that builds it', () => {
    write('src/index.ts', 'export {};');
    expect(buildProblem(dir, [join(dir, 'dist', 'index.js')])).toBe(
      'missing dist/index.js: run `npm run build` at the repository root (`npm install` and `npm ci` run it as the root prepare script)',
    );
  });

  it('reports an output older than a source file changed since the build', () => {
    write('dist/index.js', 'export {};', 2_000);
    write('src/nested/late.ts', 'export {};', 3_000);
    expect(buildProblem(dir, [join(dir, 'dist', 'index.js')])).toMatch(
      /^dist\/index\.js is older than src\/nested\/late\.ts, so it was built from older sources: run `npm run build`/,
    );
  });
});
