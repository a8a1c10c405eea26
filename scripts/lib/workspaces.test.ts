import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listWorkspaces } from './workspaces.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('listWorkspaces', () => {
  it('finds the same workspace packages in this repository as npm does', () => {
    const fromNpm = JSON.parse(execFileSync('npm', ['query', '.workspace'], { cwd: ROOT, encoding: 'utf8' })) as { name: string }[];
    const ours = listWorkspaces(ROOT).map((workspace) => workspace.name);
    expect(ours.length).toBeGreaterThan(0);
    expect([...ours].sort()).toEqual(fromNpm.map((entry) => entry.name).sort());
  });

  describe('in a scratch project', () => {
    let root = '';
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const writePackage = (dir: string, manifest: object) => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
    };

    it('reads each package’s build script and every kind of dependency, skipping folders without package.json', () => {
      root = mkdtempSync(join(tmpdir(), 'sightline-workspaces-'));
      writePackage('.', { name: 'root', workspaces: ['packages/*', 'tools'] });
      writePackage('packages/b', {
        name: 'b',
        scripts: { build: 'tsc -p tsconfig.build.json' },
        dependencies: { a: '*' },
        devDependencies: { vitest: '*' },
        peerDependencies: { c: '*' },
        optionalDependencies: { d: '*' },
      });
      writePackage('packages/a', { name: 'a' });
      mkdirSync(join(root, 'packages', 'notes'));
      writePackage('tools', { name: 'tools', devDependencies: { a: '*' } });

      expect(listWorkspaces(root)).toEqual([
        { name: 'a', dir: join(root, 'packages', 'a'), scripts: {}, dependsOn: [] },
        {
          name: 'b',
          dir: join(root, 'packages', 'b'),
          scripts: { build: 'tsc -p tsconfig.build.json' },
          dependsOn: ['a', 'vitest', 'c', 'd'],
        },
        { name: 'tools', dir: join(root, 'tools'), scripts: {}, dependsOn: ['a'] },
      ]);
    });

    it('refuses a workspaces glob it would have to guess at', () => {
      root = mkdtempSync(join(tmpdir(), 'sightline-workspaces-'));
      writePackage('.', { name: 'root', workspaces: ['packages/**'] });
      expect(() => listWorkspaces(root)).toThrow('workspaces pattern "packages/**" is not supported');
    });
  });
});
