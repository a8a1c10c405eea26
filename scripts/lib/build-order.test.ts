import { describe, expect, it } from 'vitest';
import { buildLevels } from './build-order.js';
import type { Workspace } from './workspaces.js';

function workspace(name: string, dependsOn: string[] = [], build = true): Workspace {
  return { name, dir: `/repo/${name}`, scripts: build ? { build: 'tsc' } : {}, dependsOn };
}

const names = (levels: Workspace[][]) => levels.map((level) => level.map((entry) => entry.name));

describe('buildLevels', () => {
  it('builds a package after the workspace packages it imports, whatever their folder order', () => {
    const levels = buildLevels([
      workspace('@sightline/console', ['@sightline/otlp', '@sightline/sdk', 'zod']),
      workspace('@sightline/otlp'),
      workspace('@sightline/sdk', ['@sightline/otlp', 'pino']),
    ]);
    expect(names(levels)).toEqual([['@sightline/otlp'], ['@sightline/sdk'], ['@sightline/console']]);
  });

  it('puts independent packages in one level so they can build side by side', () => {
    const levels = buildLevels([workspace('a'), workspace('b'), workspace('c', ['a', 'b'])]);
    expect(names(levels)).toEqual([['a', 'b'], ['c']]);
  });

  it('leaves out packages without the script but keeps the order their dependencies impose', () => {
    const levels = buildLevels([workspace('app', ['glue']), workspace('glue', ['lib'], false), workspace('lib')]);
    expect(names(levels)).toEqual([['lib'], ['app']]);
  });

  it('counts dev and peer dependencies as edges, like any other workspace dependency', () => {
    // listWorkspaces folds every dependency field into dependsOn; the order treats them alike.
    const levels = buildLevels([workspace('cli', ['sdk']), workspace('sdk', ['dev-postgres']), workspace('dev-postgres')]);
    expect(names(levels)).toEqual([['dev-postgres'], ['sdk'], ['cli']]);
  });

  it('refuses a dependency cycle, naming the packages in it', () => {
    expect(() => buildLevels([workspace('a', ['b']), workspace('b', ['c']), workspace('c', ['a'])])).toThrow(
      'workspace packages depend on each other in a cycle (a → b → c → a): no build order exists',
    );
  });

  it('orders by another script name when asked', () => {
    const typecheck = { ...workspace('b', ['a'], false), scripts: { typecheck: 'tsc' } };
    const levels = buildLevels([typecheck, { ...workspace('a', [], false), scripts: { typecheck: 'tsc' } }], 'typecheck');
    expect(names(levels)).toEqual([['a'], ['b']]);
  });
});
