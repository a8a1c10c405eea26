import type { Profile } from 'pprof-format';
import { CliError } from '../errors.js';

/** One frame of a stack: what `pprof -lines` shows for it. */
export interface Frame {
  readonly functionName: string;
  readonly file: string;
  readonly line: number;
}

/** `site`: by leaf frame (where the memory was allocated); `stack`: by the whole call stack. */
export type GroupBy = 'site' | 'stack';

export interface SiteTotal {
  /** Leaf first; one frame when grouping by site. */
  readonly frames: readonly Frame[];
  value: number;
}

export interface SampleTypeChoice {
  readonly index: number;
  /** `type/unit`, e.g. `space/bytes`. */
  readonly name: string;
}

/** In-use bytes first: growth of live memory is what a leak is. Go names it inuse_space, Node `space`. */
const PREFERRED_TYPES = ['inuse_space', 'space'] as const;

/** `type/unit` of each sample value, in order. */
export function sampleTypeNames(profile: Profile): string[] {
  const strings = profile.stringTable.strings;
  return profile.sampleType.map((type) => `${strings[Number(type.type)] ?? ''}/${strings[Number(type.unit)] ?? ''}`);
}

/**
 * Which sample value to compare: `requested` as a type name (`space`, `inuse_space`,
 * `objects`) or `type/unit`; by default in-use space, else the first type counted in bytes,
 * else the profile's default (last) type, as pprof does.
 */
export function chooseSampleType(profile: Profile, requested?: string): SampleTypeChoice {
  const names = sampleTypeNames(profile);
  const find = (test: (name: string) => boolean) => names.findIndex(test);
  let index: number;
  if (requested !== undefined) {
    index = find((name) => name === requested || name.split('/')[0] === requested);
    if (index < 0) {
      throw new CliError('SL_CLI_USAGE', `--sample-type "${requested}" is not in the profile; it has ${names.join(', ')}`);
    }
  } else {
    index = -1;
    for (const preferred of PREFERRED_TYPES) if (index < 0) index = find((name) => name.split('/')[0] === preferred);
    if (index < 0) index = find((name) => name.endsWith('/bytes'));
    if (index < 0) index = names.length - 1;
  }
  return { index, name: names[index]! };
}

/** Resolves the location ids of a profile to frames once, so aggregation is a lookup per sample. */
function frameTable(profile: Profile): Map<string, Frame> {
  const strings = profile.stringTable.strings;
  const functions = new Map(profile.function.map((fn) => [String(fn.id), fn]));
  const frames = new Map<string, Frame>();
  for (const location of profile.location) {
    // The first line is the innermost inlined function: the code that actually ran.
    const line = location.line[0];
    const fn = line === undefined ? undefined : functions.get(String(line.functionId));
    frames.set(String(location.id), {
      functionName: fn === undefined ? `0x${location.address.toString(16)}` : strings[Number(fn.name)] || '(anonymous)',
      file: fn === undefined ? '' : (strings[Number(fn.filename)] ?? ''),
      line: line === undefined ? 0 : Number(line.line),
    });
  }
  return frames;
}

const UNKNOWN_FRAME: Frame = { functionName: '(unknown)', file: '', line: 0 };

function frameKey(frame: Frame): string {
  return `${frame.functionName}\u0000${frame.file}\u0000${frame.line}`;
}

/**
 * Sums one sample value per allocation site (leaf frame: function + file + line) or per
 * whole stack. Keys are stable across two profiles of the same process, so they can be diffed.
 */
export function aggregateProfile(profile: Profile, sampleIndex: number, groupBy: GroupBy): Map<string, SiteTotal> {
  const frames = frameTable(profile);
  const totals = new Map<string, SiteTotal>();
  for (const sample of profile.sample) {
    const value = Number(sample.value[sampleIndex] ?? 0);
    if (value === 0) continue;
    const ids = groupBy === 'site' ? sample.locationId.slice(0, 1) : sample.locationId;
    const stack = ids.map((id) => frames.get(String(id)) ?? UNKNOWN_FRAME);
    if (stack.length === 0) stack.push(UNKNOWN_FRAME);
    const key = stack.map(frameKey).join('\n');
    const total = totals.get(key);
    if (total === undefined) totals.set(key, { frames: stack, value });
    else total.value += value;
  }
  return totals;
}
