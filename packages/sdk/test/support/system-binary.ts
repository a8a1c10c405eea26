import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of `name` on PATH (like `command -v`), or undefined when it is not there. */
export function findBinary(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const directory of path.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this directory, or not executable: keep looking.
    }
  }
  return undefined;
}

export interface RequiredBinaries {
  /** True outside CI when a binary is missing: pass to describe.skipIf(). */
  readonly skip: boolean;
  /** Names not found on PATH. */
  readonly missing: readonly string[];
  /** The binary's absolute path; throws, naming the package to install, when it is missing. */
  path(name: string): string;
}

/**
 * Real components come from the machine: a test that cannot find one says so and skips,
 * except in CI (CI=true), where skipping would hide a broken setup, so the suite fails.
 *
 *   const binaries = requireBinaries(['prometheus', 'promtool'], 'prometheus');
 *   describe.skipIf(binaries.skip)('…', () => { beforeAll(() => binaries.path('prometheus')) });
 */
export function requireBinaries(names: readonly string[], debianPackage: string, env: NodeJS.ProcessEnv = process.env): RequiredBinaries {
  const found = new Map(names.map((name) => [name, findBinary(name, env.PATH ?? '')]));
  const missing = names.filter((name) => found.get(name) === undefined);
  const reason = `${missing.join(', ')} not found on PATH; install the Debian package ${debianPackage}`;
  const inCi = env.CI === 'true';
  if (missing.length > 0) {
    console.warn(inCi ? `failing: ${reason} (CI=true, so this does not skip)` : `skipping: ${reason}`);
  }
  return {
    skip: missing.length > 0 && !inCi,
    missing,
    path(name) {
      const path = found.get(name);
      if (path === undefined) throw new Error(`${name} not found on PATH; install the Debian package ${debianPackage}`);
      return path;
    },
  };
}
