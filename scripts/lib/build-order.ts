import type { Workspace } from './workspaces.js';

/**
 * Groups the workspaces that have `script` into levels: every package's workspace
 * dependencies (direct, or through workspaces without the script) are built in an earlier
 * level, and the packages of one level do not depend on each other, so a level can be built
 * in parallel. `npm run --workspaces` runs in folder order instead, which builds
 * `packages/console` before the `packages/otlp` it imports.
 */
export function buildLevels(workspaces: readonly Workspace[], script = 'build'): Workspace[][] {
  const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));
  const hasScript = (workspace: Workspace) => workspace.scripts[script] !== undefined;
  // depth: how many levels of built workspaces must come before this one.
  const depth = new Map<string, number>();
  const path: string[] = [];

  const depthOf = (workspace: Workspace): number => {
    const known = depth.get(workspace.name);
    if (known !== undefined) return known;
    const loopStart = path.indexOf(workspace.name);
    if (loopStart !== -1) {
      const loop = [...path.slice(loopStart), workspace.name].join(' → ');
      throw new Error(`workspace packages depend on each other in a cycle (${loop}): no build order exists`);
    }
    path.push(workspace.name);
    let result = 0;
    for (const name of workspace.dependsOn) {
      const dependency = byName.get(name);
      if (dependency === undefined) continue; // a registry package
      result = Math.max(result, depthOf(dependency) + (hasScript(dependency) ? 1 : 0));
    }
    path.pop();
    depth.set(workspace.name, result);
    return result;
  };

  const levels: Workspace[][] = [];
  for (const workspace of workspaces) {
    const level = depthOf(workspace);
    if (!hasScript(workspace)) continue;
    while (levels.length <= level) levels.push([]);
    levels[level]?.push(workspace);
  }
  // Never sparse: a package at depth k has a built dependency at depth k - 1.
  return levels;
}
