import type { Profile } from 'pprof-format';
import { CliError } from '../errors.js';
import { aggregateProfile, chooseSampleType, type Frame, type GroupBy, sampleTypeNames } from './aggregate.js';

export interface SiteDiff {
  /** Leaf first. */
  readonly frames: readonly Frame[];
  readonly before: number;
  readonly after: number;
  /** after - before. */
  readonly growth: number;
  /** Growth relative to before, in %; undefined when the site is new (before = 0). */
  readonly growthPercent: number | undefined;
}

export interface ProfileDiff {
  /** `type/unit` compared, e.g. `space/bytes`. */
  readonly sampleType: string;
  readonly totalBefore: number;
  readonly totalAfter: number;
  /** Sites that grew, largest growth first. */
  readonly growing: readonly SiteDiff[];
}

export interface DiffOptions {
  groupBy?: GroupBy;
  /** Sample type to compare (see chooseSampleType); in-use bytes by default. */
  sampleType?: string;
}

function sum(values: Iterable<{ value: number }>): number {
  let total = 0;
  for (const { value } of values) total += value;
  return total;
}

/**
 * 1 for a frame in Node's own code (`node:internal/streams/writable`), else 0: between equal
 * growths the app's site comes first. The sampling profiler counts in sample-sized steps, so a
 * leak and the stream buffer that carried it can tie (810 KiB each), and a name order put
 * `callback` above the leaking `retainOrderSnapshots`.
 */
function isNodeInternal(frame: Frame): number {
  return frame.file.startsWith('node:') ? 1 : 0;
}

/**
 * `current - base` per allocation site, like `pprof -base base current`: what a leak adds
 * between two heap profiles of one process. Sites that shrank or stayed are left out; ties
 * order by the larger final size, then the app's sites before Node's own, then by name, so
 * output is deterministic.
 */
export function diffProfiles(base: Profile, current: Profile, options: DiffOptions = {}): ProfileDiff {
  const groupBy = options.groupBy ?? 'site';
  const currentType = chooseSampleType(current, options.sampleType);
  const baseTypes = sampleTypeNames(base);
  const baseIndex = baseTypes.indexOf(currentType.name);
  if (baseIndex < 0) {
    throw new CliError(
      'SL_CLI_PROFILE_INVALID',
      `the profiles do not match: the base has ${baseTypes.join(', ')}, the profile compared has ${currentType.name}`,
    );
  }
  const before = aggregateProfile(base, baseIndex, groupBy);
  const after = aggregateProfile(current, currentType.index, groupBy);

  const growing: SiteDiff[] = [];
  for (const [key, site] of after) {
    const previous = before.get(key)?.value ?? 0;
    const growth = site.value - previous;
    if (growth <= 0) continue;
    growing.push({
      frames: site.frames,
      before: previous,
      after: site.value,
      growth,
      growthPercent: previous > 0 ? (growth / previous) * 100 : undefined,
    });
  }
  growing.sort(
    (a, b) =>
      b.growth - a.growth ||
      b.after - a.after ||
      isNodeInternal(a.frames[0]!) - isNodeInternal(b.frames[0]!) ||
      a.frames[0]!.functionName.localeCompare(b.frames[0]!.functionName),
  );
  return { sampleType: currentType.name, totalBefore: sum(before.values()), totalAfter: sum(after.values()), growing };
}
