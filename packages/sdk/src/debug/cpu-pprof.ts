import type { Profiler } from 'node:inspector';
import { Profile, Sample, ValueType } from 'pprof-format';
import { millisToNanos, PprofTables, stackOf } from './pprof-builder.js';

export interface CpuPprofOptions {
  /** The interval the profile was sampled at (Profiler.setSamplingInterval), in µs. */
  readonly samplingIntervalMicros: number;
  /** Wall-clock start of the capture (Date.now()); the inspector's own clock is monotonic. */
  readonly startedAtMs?: number;
}

/** Per call-tree node: how many samples landed on it, and how much time they stand for. */
function selfTimes(profile: Profiler.Profile, intervalNanos: number): Map<number, { count: number; nanos: number }> {
  const totals = new Map<number, { count: number; nanos: number }>();
  const add = (id: number, count: number, nanos: number) => {
    const entry = totals.get(id);
    if (entry === undefined) totals.set(id, { count, nanos });
    else {
      entry.count += count;
      entry.nanos += nanos;
    }
  };
  const { samples, timeDeltas } = profile;
  if (samples === undefined || timeDeltas === undefined || samples.length !== timeDeltas.length) {
    for (const node of profile.nodes) if ((node.hitCount ?? 0) > 0) add(node.id, node.hitCount ?? 0, (node.hitCount ?? 0) * intervalNanos);
    return totals;
  }
  // As DevTools does: a sample lasts until the next one (timeDeltas[i] is the gap before sample i),
  // the last one until endTime. V8 occasionally reorders timestamps: negative gaps count as 0.
  let timestamp = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    timestamp += timeDeltas[i] as number;
    const next = i + 1 < samples.length ? timestamp + (timeDeltas[i + 1] as number) : profile.endTime;
    add(samples[i] as number, 1, Math.max(0, next - timestamp) * 1000);
  }
  return totals;
}

/**
 * Converts an inspector CPU profile (Profiler.stop) to pprof: sample types `samples/count` and
 * `cpu/nanoseconds`, one location per call-tree node (function name, file URL, line). The
 * `(root)` node is left out of stacks; `(program)`, `(idle)` and `(garbage collector)` stay as
 * V8 reports them. Lines are the function's start line (V8's call frames carry no per-sample line).
 */
export function cpuProfileToPprof(profile: Profiler.Profile, options: CpuPprofOptions): Profile {
  const intervalNanos = options.samplingIntervalMicros * 1000;
  const tables = new PprofTables();
  const nodes = new Map<number, Profiler.ProfileNode>();
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    nodes.set(node.id, node);
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const root = profile.nodes.find((node) => !parents.has(node.id));
  const rootId = root?.id ?? -1;
  const intern = (id: number) => tables.location(id, (nodes.get(id) as Profiler.ProfileNode).callFrame);

  const samples: Sample[] = [];
  for (const [id, { count, nanos }] of selfTimes(profile, intervalNanos)) {
    const locationId = stackOf(id, parents, rootId, intern);
    if (locationId.length === 0) continue;
    samples.push(new Sample({ locationId, value: [count, Math.round(nanos)] }));
  }

  const durationMicros = Math.max(0, profile.endTime - profile.startTime);
  const startedAtMs = options.startedAtMs ?? Date.now() - durationMicros / 1000;
  const strings = tables.strings;
  const cpuType = new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') });
  return new Profile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }), cpuType],
    sample: samples,
    mapping: tables.mappings,
    location: tables.locations,
    function: tables.functions,
    stringTable: strings,
    timeNanos: millisToNanos(startedAtMs),
    durationNanos: BigInt(Math.round(durationMicros * 1000)),
    periodType: cpuType,
    period: intervalNanos,
    defaultSampleType: strings.dedup('cpu'),
  });
}
