import { gzipSync } from 'node:zlib';
import { Line, Location, Function as PprofFunction, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export interface FrameSpec {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
}

export interface SampleSpec {
  /** Leaf first. */
  readonly stack: readonly FrameSpec[];
  readonly objects: number;
  readonly bytes: number;
}

/**
 * A real pprof heap profile shaped like the SDK's (`objects/count`, `space/bytes`), built
 * with pprof-format. Ids are assigned in the order frames are met, so two profiles of the
 * "same process" can number the same site differently, as real ones do.
 */
export function buildHeapProfile(samples: readonly SampleSpec[], options: { idOffset?: number } = {}): Profile {
  const strings = new StringTable();
  const functions: PprofFunction[] = [];
  const locations: Location[] = [];
  const ids = new Map<string, number>();
  const offset = options.idOffset ?? 0;
  const locationOf = (frame: FrameSpec): number => {
    const key = `${frame.fn}|${frame.file}|${frame.line}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size + 1 + offset;
      ids.set(key, id);
      const name = strings.dedup(frame.fn);
      functions.push(new PprofFunction({ id, name, systemName: name, filename: strings.dedup(frame.file), startLine: frame.line }));
      locations.push(new Location({ id, line: [new Line({ functionId: id, line: frame.line })] }));
    }
    return id;
  };
  const sample = samples.map((spec) => new Sample({ locationId: spec.stack.map(locationOf), value: [spec.objects, spec.bytes] }));
  return new Profile({
    sampleType: [
      new ValueType({ type: strings.dedup('objects'), unit: strings.dedup('count') }),
      new ValueType({ type: strings.dedup('space'), unit: strings.dedup('bytes') }),
    ],
    sample,
    location: locations,
    function: functions,
    stringTable: strings,
  });
}

/** The profile as the debug server sends it: gzipped protobuf. */
export function encodeGzipped(profile: Profile): Buffer {
  return gzipSync(profile.encode());
}
