import { Profile, Sample, ValueType } from 'pprof-format';
import { type CallFrame, millisToNanos, PprofTables, stackOf } from './pprof-builder.js';

/** HeapProfiler.getSamplingProfile as V8 returns it (@types/node lacks `id` and `samples`). */
export interface SamplingHeapProfile {
  readonly head: SamplingHeapProfileNode;
  readonly samples?: readonly { readonly size: number; readonly nodeId: number; readonly ordinal: number }[];
}

export interface SamplingHeapProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly selfSize: number;
  readonly children: readonly SamplingHeapProfileNode[];
}

export interface HeapPprofOptions {
  /** The sampling interval the profile was taken with (HeapProfiler.startSampling), in bytes. */
  readonly samplingIntervalBytes: number;
  /** Wall-clock time of the capture (Date.now()). */
  readonly capturedAtMs?: number;
}

/**
 * V8 samples one allocation per `interval` bytes on average (Poisson): a sample of `size`
 * bytes stands for 1 / (1 - e^(-size/interval)) allocations like it. This is V8's own
 * `SamplingHeapProfiler::ScaleSample`, applied per sample so the object count and the bytes agree.
 */
const scale = (size: number, interval: number): number => 1 / (1 - Math.exp(-size / interval));

/**
 * Converts a sampling heap profile to pprof with sample types `objects/count` and `space/bytes`
 * (Go's inuse_objects/inuse_space: V8 drops samples of objects the GC has freed), one location
 * per allocation-site node (function, file, line), stacks leaf first, the `(root)` node left out.
 */
export function heapProfileToPprof(profile: SamplingHeapProfile, options: HeapPprofOptions): Profile {
  const interval = options.samplingIntervalBytes;
  const tables = new PprofTables();
  const nodes = new Map<number, SamplingHeapProfileNode>();
  const parents = new Map<number, number>();
  const pending: SamplingHeapProfileNode[] = [profile.head];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    nodes.set(node.id, node);
    for (const child of node.children) {
      parents.set(child.id, node.id);
      pending.push(child);
    }
  }

  const totals = new Map<number, { objects: number; bytes: number }>();
  if (profile.samples !== undefined) {
    for (const { size, nodeId } of profile.samples) {
      const factor = scale(size, interval);
      const entry = totals.get(nodeId);
      if (entry === undefined) totals.set(nodeId, { objects: factor, bytes: size * factor });
      else {
        entry.objects += factor;
        entry.bytes += size * factor;
      }
    }
  } else {
    // Older runtimes report only the (already scaled) bytes per node.
    for (const node of nodes.values()) if (node.selfSize > 0) totals.set(node.id, { objects: 0, bytes: node.selfSize });
  }

  const intern = (id: number) => tables.location(id, (nodes.get(id) as SamplingHeapProfileNode).callFrame);
  const samples: Sample[] = [];
  for (const [id, { objects, bytes }] of totals) {
    if (!nodes.has(id)) continue;
    const locationId = stackOf(id, parents, profile.head.id, intern);
    if (locationId.length === 0) continue;
    samples.push(new Sample({ locationId, value: [Math.round(objects), Math.round(bytes)] }));
  }

  const strings = tables.strings;
  const spaceType = new ValueType({ type: strings.dedup('space'), unit: strings.dedup('bytes') });
  return new Profile({
    sampleType: [new ValueType({ type: strings.dedup('objects'), unit: strings.dedup('count') }), spaceType],
    sample: samples,
    mapping: tables.mappings,
    location: tables.locations,
    function: tables.functions,
    stringTable: strings,
    timeNanos: millisToNanos(options.capturedAtMs ?? Date.now()),
    periodType: spaceType,
    period: interval,
    defaultSampleType: strings.dedup('space'),
  });
}
