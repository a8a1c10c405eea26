import type { Profiler } from 'node:inspector';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { cpuProfileToPprof } from './cpu-pprof.js';
import { CpuProfiler } from './cpu-profile.js';
import { encodePprof } from './pprof-builder.js';

const frame = (functionName: string, lineNumber = 0): Profiler.ProfileNode['callFrame'] => ({
  functionName,
  scriptId: '1',
  url: functionName.startsWith('(') ? '' : 'file:///app/server.js',
  lineNumber,
  columnNumber: 4,
});

/** Names of a decoded profile's functions, by function id. */
function functionNames(profile: Profile): Map<number, string> {
  const strings = profile.stringTable.strings;
  return new Map(profile.function.map((fn) => [Number(fn.id), strings[Number(fn.name)] as string]));
}

/** Each sample's stack as function names, leaf first, with its values. */
function stacks(profile: Profile): { names: string[]; values: number[] }[] {
  const names = functionNames(profile);
  const locations = new Map(profile.location.map((location) => [Number(location.id), location]));
  return profile.sample.map((sample) => ({
    names: sample.locationId.map((id) => names.get(Number(locations.get(Number(id))?.line[0]?.functionId)) as string),
    values: sample.value.map(Number),
  }));
}

function burnCpuInTest(until: number): number {
  let x = 0;
  while (performance.now() < until) for (let i = 0; i < 10_000; i++) x += Math.sqrt(i);
  return x;
}

describe('cpuProfileToPprof', () => {
  // (root) → handler → parse; (root) → (idle). Samples: parse, parse, handler, (idle).
  const profile: Profiler.Profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), hitCount: 0, children: [2, 4] },
      { id: 2, callFrame: frame('handler', 9), hitCount: 1, children: [3] },
      { id: 3, callFrame: frame('', 20), hitCount: 2, children: [] },
      { id: 4, callFrame: frame('(idle)'), hitCount: 1, children: [] },
    ],
    startTime: 1_000,
    endTime: 5_000,
    samples: [3, 3, 2, 4],
    timeDeltas: [0, 1_000, 1_000, 1_000],
  };

  it('turns each sampled call-tree node into a leaf-first stack without the root, with counts and nanoseconds', () => {
    const pprof = Profile.decode(cpuProfileToPprof(profile, { samplingIntervalMicros: 1000, startedAtMs: 1_700_000_000_000 }).encode());
    const strings = pprof.stringTable.strings;
    expect(pprof.sampleType.map((type) => `${strings[Number(type.type)]}/${strings[Number(type.unit)]}`)).toEqual([
      'samples/count',
      'cpu/nanoseconds',
    ]);
    expect(strings[Number(pprof.periodType?.type)]).toBe('cpu');
    expect(Number(pprof.period)).toBe(1_000_000);
    expect(Number(pprof.durationNanos)).toBe(4_000_000);
    expect(Number(pprof.timeNanos)).toBe(1_700_000_000_000 * 1_000_000);
    // A sample lasts until the next one; the last one until endTime.
    expect(stacks(pprof)).toEqual(
      expect.arrayContaining([
        { names: ['(anonymous)', 'handler'], values: [2, 2_000_000] },
        { names: ['handler'], values: [1, 1_000_000] },
        { names: ['(idle)'], values: [1, 1_000_000] },
      ]),
    );
    expect(pprof.sample).toHaveLength(3);
  });

  it('gives each function its file and 1-based line', () => {
    const pprof = cpuProfileToPprof(profile, { samplingIntervalMicros: 1000 });
    const strings = pprof.stringTable.strings;
    const handler = pprof.function.find((fn) => strings[Number(fn.name)] === 'handler');
    expect(strings[Number(handler?.filename)]).toBe('file:///app/server.js');
    expect(Number(handler?.startLine)).toBe(10);
  });

  it('falls back to hit counts times the interval when the profile has no sample timeline', () => {
    const { samples: _samples, timeDeltas: _deltas, ...withoutTimeline } = profile;
    const pprof = cpuProfileToPprof(withoutTimeline, { samplingIntervalMicros: 500 });
    expect(stacks(pprof)).toContainEqual({ names: ['(anonymous)', 'handler'], values: [2, 1_000_000] });
  });

  it('converts a real capture of this process: the burning function is there, and the gzip output decodes', async () => {
    const profiler = new CpuProfiler();
    const capturing = profiler.capture(1, new AbortController().signal);
    const deadline = performance.now() + 800;
    while (performance.now() < deadline) {
      burnCpuInTest(performance.now() + 50);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const capture = await capturing;
    const decoded = Profile.decode(gunzipSync(await encodePprof(cpuProfileToPprof(capture.profile, capture))));
    const leaves = stacks(decoded).map((stack) => stack.names[0]);
    expect(leaves).toContain('burnCpuInTest');
    expect(decoded.stringTable.strings).not.toContain('(root)');
    const sampleCount = decoded.sample.reduce((sum, sample) => sum + Number(sample.value[0]), 0);
    expect(sampleCount).toBe(capture.profile.samples?.length);
  });

  it('refuses a second capture while one runs, and stops early when aborted', async () => {
    const profiler = new CpuProfiler();
    const abort = new AbortController();
    const first = profiler.capture(30, abort.signal);
    expect(profiler.busy).toBe(true);
    await expect(profiler.capture(1, new AbortController().signal)).rejects.toMatchObject({ status: 409 });
    abort.abort('test');
    await expect(first).rejects.toThrow(/capture aborted/);
    expect(profiler.busy).toBe(false);
  });
});
