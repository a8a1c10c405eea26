import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Line, Location, Mapping, Function as PprofFunction, type Profile, StringTable } from 'pprof-format';

const gzipAsync = promisify(gzip);

/** The call-frame shape shared by the inspector's CPU and sampling-heap profiles. */
export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  /** 0-based; -1 when unknown. */
  readonly lineNumber: number;
  readonly columnNumber: number;
}

/**
 * Shared part of both conversions: one pprof Location per inspector tree node on a sampled
 * stack and one Function per distinct (name, file, line, column), strings deduplicated.
 */
export class PprofTables {
  readonly strings = new StringTable();
  /**
   * One mapping marked as fully symbolized: pprof then neither looks for a binary to symbolize
   * against nor warns that the main binary is unknown. JavaScript has no addresses to map.
   */
  readonly mappings = [
    new Mapping({ id: 1, filename: this.strings.dedup('node'), hasFunctions: true, hasFilenames: true, hasLineNumbers: true }),
  ];
  readonly functions: PprofFunction[] = [];
  readonly locations: Location[] = [];
  readonly #functionIds = new Map<string, number>();
  readonly #locationIds = new Map<number, number>();

  /** The location of a tree node (by its inspector id), created on first use; pprof ids start at 1. */
  location(nodeId: number, callFrame: CallFrame): number {
    let id = this.#locationIds.get(nodeId);
    if (id !== undefined) return id;
    id = this.locations.length + 1;
    this.#locationIds.set(nodeId, id);
    // pprof lines are 1-based; 0 means unknown.
    const line = callFrame.lineNumber >= 0 ? callFrame.lineNumber + 1 : 0;
    this.locations.push(new Location({ id, mappingId: 1, line: [new Line({ functionId: this.#function(callFrame, line), line })] }));
    return id;
  }

  #function(callFrame: CallFrame, line: number): number {
    const name = callFrame.functionName === '' ? '(anonymous)' : callFrame.functionName;
    const key = `${name}\u0000${callFrame.url}\u0000${line}\u0000${callFrame.columnNumber}`;
    let id = this.#functionIds.get(key);
    if (id === undefined) {
      id = this.functions.length + 1;
      this.#functionIds.set(key, id);
      const nameId = this.strings.dedup(name);
      this.functions.push(
        new PprofFunction({ id, name: nameId, systemName: nameId, filename: this.strings.dedup(callFrame.url), startLine: line }),
      );
    }
    return id;
  }
}

/** Leaf-first location ids from node `id` up to (not including) the tree's root, as pprof wants them. */
export function stackOf(id: number, parents: ReadonlyMap<number, number>, rootId: number, intern: (nodeId: number) => number): number[] {
  const stack: number[] = [];
  for (let current: number | undefined = id; current !== undefined && current !== rootId; current = parents.get(current)) {
    stack.push(intern(current));
  }
  return stack;
}

export const millisToNanos = (ms: number): bigint => BigInt(Math.round(ms * 1_000_000));

/** The gzip-compressed protobuf that `go tool pprof`, speedscope and pprof.me read. */
export async function encodePprof(profile: Profile): Promise<Buffer> {
  return gzipAsync(await profile.encodeAsync());
}
