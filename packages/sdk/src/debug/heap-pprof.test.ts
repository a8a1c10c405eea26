import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, describe, expect, it } from 'vitest';
import { heapProfileToPprof, type SamplingHeapProfile } from './heap-pprof.js';
import { HEAP_SAMPLING_INTERVAL_BYTES, HeapSampler } from './heap-profile.js';
import { encodePprof } from './pprof-builder.js';

const frame = (functionName: string, lineNumber: number) => ({
  functionName,
  scriptId: '1',
  url: 'file:///app/cache.js',
  lineNumber,
  columnNumber: 0,
});

function namedStacks(profile: Profile): { names: string[]; values: number[] }[] {
  const strings = profile.stringTable.strings;
  const names = new Map(profile.function.map((fn) => [Number(fn.id), strings[Number(fn.name)] as string]));
  const locations = new Map(profile.location.map((location) => [Number(location.id), location]));
  return profile.sample.map((sample) => ({
    names: sample.locationId.map((id) => names.get(Number(locations.get(Number(id))?.line[0]?.functionId)) as string),
    values: sample.value.map(Number),
  }));
}

const retained: unknown[] = [];
function allocateForHeapProfile(count: number): void {
  for (let i = 0; i < count; i++) retained.push({ index: i, label: `entry-${i}`, payload: new Array(16).fill(i) });
}

describe('heapProfileToPprof', () => {
  it('scales each sample as V8 does and keys it by its allocation stack, leaf first, without the root', () => {
    const interval = 1024;
    const profile: SamplingHeapProfile = {
      head: {
        id: 1,
        callFrame: frame('(root)', -1),
        selfSize: 0,
        children: [
          {
            id: 2,
            callFrame: frame('loadCache', 4),
            selfSize: 0,
            children: [{ id: 3, callFrame: frame('', 11), selfSize: 0, children: [] }],
          },
        ],
      },
      samples: [
        { size: 1024, nodeId: 3, ordinal: 1 },
        { size: 1024, nodeId: 3, ordinal: 2 },
        { size: 64, nodeId: 2, ordinal: 3 },
      ],
    };
    const pprof = Profile.decode(heapProfileToPprof(profile, { samplingIntervalBytes: interval }).encode());
    const strings = pprof.stringTable.strings;
    expect(pprof.sampleType.map((type) => `${strings[Number(type.type)]}/${strings[Number(type.unit)]}`)).toEqual([
      'objects/count',
      'space/bytes',
    ]);
    expect(Number(pprof.period)).toBe(interval);
    const big = 1 / (1 - Math.exp(-1));
    const small = 1 / (1 - Math.exp(-64 / 1024));
    expect(namedStacks(pprof)).toEqual(
      expect.arrayContaining([
        { names: ['(anonymous)', 'loadCache'], values: [Math.round(2 * big), Math.round(2 * 1024 * big)] },
        { names: ['loadCache'], values: [Math.round(small), Math.round(64 * small)] },
      ]),
    );
    const loadCache = pprof.function.find((fn) => strings[Number(fn.name)] === 'loadCache');
    expect(Number(loadCache?.startLine)).toBe(5);
    expect(strings[Number(loadCache?.filename)]).toBe('file:///app/cache.js');
  });

  describe('on a real sampling profile of this process', () => {
    const sampler = new HeapSampler();
    afterAll(() => sampler.stop());

    it('starts sampling on the first capture, then attributes retained allocations to the function that made them', async () => {
      const first = await sampler.capture();
      expect(first.startedNow).toBe(true);
      expect(first.samplingIntervalBytes).toBe(HEAP_SAMPLING_INTERVAL_BYTES);
      // Tens of MB retained: about 80 samples at 512 KiB, so missing them all is not a realistic outcome.
      allocateForHeapProfile(200_000);
      const second = await sampler.capture();
      expect(second.startedNow).toBe(false);
      expect(second.samplingSinceMs).toBe(first.samplingSinceMs);

      const decoded = Profile.decode(gunzipSync(await encodePprof(heapProfileToPprof(second.profile, second))));
      const mine = namedStacks(decoded).filter((stack) => stack.names.includes('allocateForHeapProfile'));
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.reduce((sum, stack) => sum + (stack.values[1] as number), 0)).toBeGreaterThan(HEAP_SAMPLING_INTERVAL_BYTES);
      retained.length = 0;
    });
  });
});
