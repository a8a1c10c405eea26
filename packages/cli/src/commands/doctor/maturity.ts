import type { CheckResult, Level } from './check.js';

/** The model's levels; README "sightline doctor" describes them. */
export const LEVELS: Record<0 | Level, { readonly name: string; readonly meaning: string }> = {
  0: { name: 'dark', meaning: 'nothing to observe from outside' },
  1: { name: 'signals', meaning: 'metrics or structured logs exist' },
  2: { name: 'measured', meaning: 'RED metrics by route template, liveness and readiness probes' },
  3: { name: 'correlated', meaning: 'traces propagate and logs carry their ids' },
  4: { name: 'objective-driven', meaning: 'SLOs over its metrics, and alert routing' },
};

export interface Maturity {
  readonly level: 0 | Level;
  /** The failed checks that stand between this level and the next; empty at level 4. */
  readonly missing: readonly CheckResult[];
}

/** Level 1 needs one of its checks (metrics or logs); every other level needs all of its checks, and the levels below. */
function levelMet(level: Level, checks: readonly CheckResult[]): boolean {
  const mine = checks.filter((check) => check.level === level);
  if (mine.length === 0) return false;
  return level === 1 ? mine.some((check) => check.pass) : mine.every((check) => check.pass);
}

export function maturity(checks: readonly CheckResult[]): Maturity {
  let level: 0 | Level = 0;
  for (const next of [1, 2, 3, 4] as const) {
    if (!levelMet(next, checks)) break;
    level = next;
  }
  const missing = level === 4 ? [] : checks.filter((check) => check.level === level + 1 && !check.pass);
  return { level, missing };
}
