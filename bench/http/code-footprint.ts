// The hot machine code of a callgrind dump written with --dump-instr=yes, for http-instructions.ts
// --footprint: the 64-byte lines of code that run on (nearly) every request, named after the V8 perf
// map of the process (node --perf-basic-prof). Two servers can execute the same number of
// instructions a request and still differ in time when one spreads them over more code: every line
// the CPU has to fetch again after other processes ran (the load generator, the kernel's network
// path) costs cycles that an instruction count does not show.

import { isCostLine, positionColumns } from './callgrind-dump.js';
import { JS_FLOOR, JS_NODE, JS_OTLP, JS_SDK, jsArea } from './perf-record.js';

/** One entry of /tmp/perf-<pid>.map: `start size name`, addresses in hex. */
export interface PerfMapEntry {
  readonly start: number;
  readonly size: number;
  readonly name: string;
}

/** Where a line of code belongs. */
export type CodeArea = 'sdk' | 'otlp' | 'floor' | 'node' | 'otherJs' | 'v8Code' | 'native';

export const CODE_AREAS: readonly CodeArea[] = ['sdk', 'otlp', 'floor', 'node', 'otherJs', 'v8Code', 'native'];

export interface Footprint {
  /** Hot 64-byte lines of code per area. */
  readonly lines: Readonly<Record<CodeArea, number>>;
  /** Hot lines per JavaScript function of the SDK, the OTLP package and the floor (perf map name, tier mark removed). */
  readonly ownFunctions: ReadonlyMap<string, number>;
  /** Instructions executed in each area's code over the dump (self cost: a call's callee counts in the callee's area). */
  readonly instructions: Readonly<Record<CodeArea, number>>;
  /** The same per own function, as `ownFunctions` names them. */
  readonly ownInstructions: ReadonlyMap<string, number>;
}

/** The cache line size of the x86-64 and arm64 CPUs this runs on. */
export const LINE_BYTES = 64;

/** Entries sorted by start address; lines that are not `hex hex name` are skipped. */
export function parsePerfMap(text: string): PerfMapEntry[] {
  const entries: PerfMapEntry[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    if (first <= 0 || second <= first) continue;
    const start = Number.parseInt(line.slice(0, first), 16);
    const size = Number.parseInt(line.slice(first + 1, second), 16);
    if (Number.isNaN(start) || Number.isNaN(size)) continue;
    entries.push({ start, size, name: line.slice(second + 1) });
  }
  return entries.sort((a, b) => a.start - b.start);
}

/** The area of a perf map name (undefined: code the map does not name, C++ of node, V8 and libraries). */
export function codeAreaOf(name: string | undefined): CodeArea {
  if (name === undefined) return 'native';
  if (!name.startsWith('JS:')) return 'v8Code';
  return JS_CODE_AREAS.get(jsArea(name)) ?? 'otherJs';
}

/** perf-record's areas of JavaScript (one reading of whose code a name is), as the footprint groups them. */
const JS_CODE_AREAS: ReadonlyMap<string, CodeArea> = new Map([
  [JS_SDK, 'sdk'],
  [JS_OTLP, 'otlp'],
  [JS_FLOOR, 'floor'],
  [JS_NODE, 'node'],
]);

/** The map entry holding `address`, by binary search. */
function entryAt(map: readonly PerfMapEntry[], address: number): PerfMapEntry | undefined {
  let low = 0;
  let high = map.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const entry = map[mid] as PerfMapEntry;
    if (address < entry.start) high = mid - 1;
    else if (address >= entry.start + entry.size) low = mid + 1;
    else return entry;
  }
  return undefined;
}

/** A position token of a cost line: absolute (hex or decimal), relative (+n, -n) or the previous one (*). */
function position(token: string, previous: number): number {
  if (token === '*') return previous;
  if (token.startsWith('+')) return previous + Number(token.slice(1));
  if (token.startsWith('-')) return previous - Number(token.slice(1));
  return Number(token);
}

/**
 * The 64-byte lines of code in `dump` (callgrind, --dump-instr=yes, first event Ir) whose most run
 * instruction ran at least `minRuns` times: with a window's requests times 0.9, the code that runs
 * on (nearly) every request. An instruction's Ir is how many times it ran; a `calls=` line's
 * following cost is the callee's inclusive cost, so it moves the position but counts no runs.
 * Also every instruction's runs summed by area and own function (where the instructions ran).
 */
export function hotCodeLines(dump: string, map: readonly PerfMapEntry[], minRuns: number): Footprint {
  /** Per 64-byte line: its most run instruction's runs, and all its instructions' runs. */
  const runsOfLine = new Map<number, [number, number]>();
  let positions = 1;
  let address = 0;
  let afterCall = false;
  for (const line of dump.split('\n')) {
    const columns = positionColumns(line);
    if (columns !== undefined) {
      positions = columns;
      continue;
    }
    if (line.startsWith('calls=')) {
      afterCall = true;
      continue;
    }
    if (!isCostLine(line)) continue;
    const fields = line.split(' ');
    address = position(fields[0] as string, address);
    const runs = Number(fields[positions] ?? 0);
    if (afterCall) {
      afterCall = false;
      continue;
    }
    const key = Math.floor(address / LINE_BYTES);
    const seen = runsOfLine.get(key);
    if (seen === undefined) runsOfLine.set(key, [runs, runs]);
    else {
      if (runs > seen[0]) seen[0] = runs;
      seen[1] += runs;
    }
  }
  const lines = zeroByArea();
  const ownFunctions = new Map<string, number>();
  const instructions = zeroByArea();
  const ownInstructions = new Map<string, number>();
  for (const [key, [most, all]] of runsOfLine) {
    const entry = entryAt(map, key * LINE_BYTES);
    const area = codeAreaOf(entry?.name);
    const own = entry !== undefined && (area === 'sdk' || area === 'otlp' || area === 'floor') ? ownName(entry) : undefined;
    instructions[area] += all;
    if (own !== undefined) ownInstructions.set(own, (ownInstructions.get(own) ?? 0) + all);
    if (most < minRuns) continue;
    lines[area]++;
    if (own !== undefined) ownFunctions.set(own, (ownFunctions.get(own) ?? 0) + 1);
  }
  return { lines, ownFunctions, instructions, ownInstructions };
}

/** `footprint` with its instruction counts divided by the requests its window served. */
export function instructionsPerRequest(footprint: Footprint, requests: number): Footprint {
  const instructions = zeroByArea();
  for (const area of CODE_AREAS) instructions[area] = footprint.instructions[area] / requests;
  const ownInstructions = new Map([...footprint.ownInstructions].map(([name, count]) => [name, count / requests] as const));
  return { ...footprint, instructions, ownInstructions };
}

const zeroByArea = () => Object.fromEntries(CODE_AREAS.map((area) => [area, 0])) as Record<CodeArea, number>;

/** A perf map entry's function without its tier mark (`JS:*`, `JS:~`, `JS:^`, `JS:+`). */
const ownName = (entry: PerfMapEntry) => entry.name.replace(/^JS:[*~^+]?/, '');
