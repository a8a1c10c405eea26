// Instructions per request over HTTP: the variants of http-overhead.ts, each server child under
// valgrind's callgrind, which counts the instructions every thread of the process executes in user
// space. A count does not move with the machine's other load, as CPU time does, and it leaves out
// the kernel, whose loopback send also charges the server for waking the load generator (see the
// README). Per variant: warm-up requests as fast as the child serves them, windows at a fixed rate
// that are thrown away (V8 is still compiling what the fixed rate's paths need: the first windows
// read up to 4x the steady count), then counted windows: each one's count over its requests, the
// process's work between requests (timers, exports, GC) included, as the HTTP bench's CPU per
// request includes it. (An idle window's rate taken out, as this bench first did, took out more than
// the windows held: going idle is when V8's memory reducer runs its full collections.)
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { COMPILER, callgrindMissing, type DumpCounts, readDumpCounts } from './http/callgrind-dump.js';
import { type Footprint, hotCodeLines, instructionsPerRequest, parsePerfMap } from './http/code-footprint.js';
import { assertDistFresh } from './http/dist-check.js';
import { assertFloorsEquivalent, FLOOR_PAIRS } from './http/floor-equivalence.js';
import { reportFootprint } from './http/footprint-report.js';
import { countLines, load } from './http/load.js';
import { type OtlpSinkProcess, startOtlpSinkProcess } from './http/otlp-sink-process.js';
import { perfMapPath, perfNodeFlags } from './http/perf-record.js';
import { ServerChild } from './http/server-child.js';
import { TARGETS } from './http/targets.js';
import { type Variant, variantsNamed } from './http/variants.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from './lib/table.js';

const run = promisify(execFile);

export interface HttpInstructionsOptions {
  readonly variants: readonly string[];
  readonly rounds: number;
  /** Requests served as fast as the child serves them before anything else. */
  readonly warmupRequests: number;
  /** Windows at the fixed rate that are not counted, then windows that are. */
  readonly discardWindows: number;
  readonly windows: number;
  /** Length of every window. */
  readonly windowSeconds: number;
  /** Fixed req/s in the windows: below what every variant serves under valgrind. */
  readonly rate: number;
  readonly connections: number;
  /**
   * Also the hot code of each counted window (http/code-footprint.ts): callgrind records costs per
   * instruction and node writes its perf map, so a window's 64-byte lines of code that ran on
   * (nearly) every request are named by area and function. Slower dumps; the counts are the same.
   */
  readonly footprint: boolean;
}

/** A line of code is hot when it ran on this share of a window's requests or more. */
const HOT_SHARE = 0.9;

const DEFAULT_VARIANTS = [
  'bare',
  'pino-http',
  'assembled',
  'floor-logs-metrics',
  'sightline-logs-metrics',
  'floor-full-10',
  'sightline-full-10',
  'floor-full-100',
  'sightline-full-100',
];

/** valgrind runs node 20-50x slower: a child's start-up and its answers take that much longer. */
const CHILD_TIMEOUT_MS = 300_000;

interface Sample {
  /** User-space instructions per request: the median counted window's. */
  readonly perRequest: number;
  /** Each counted window's. */
  readonly windows: readonly number[];
  /** Of the median window's, what V8's compilers executed: the warm-up's tail, or code compiled again. */
  readonly compiling: number;
  /** The median over the counted windows of each one's count per request, its compiling taken out: the code's steady cost. */
  readonly withoutCompiling: number;
  readonly spansPerRequest: number;
  readonly logLinesPerRequest: number;
  /** The median window's hot code, with --footprint. */
  readonly footprint: Footprint | undefined;
}

/**
 * The counts of the dump callgrind writes for `pid` in `dir` when told to dump now; with
 * `hotRuns`, also its code that ran that many times or more (the dump then has costs per instruction).
 */
async function dump(dir: string, pid: number, hotRuns?: number): Promise<Pick<Window, 'counts' | 'footprint'>> {
  const before = new Set(await readdir(dir));
  await run('callgrind_control', ['--dump', String(pid)]);
  const fresh = (await readdir(dir)).filter((name) => name.startsWith(`callgrind.${pid}.`) && !before.has(name));
  if (fresh.length !== 1) throw new Error(`callgrind_control --dump ${pid} wrote ${fresh.length} files in ${dir}, expected one`);
  const file = join(dir, fresh[0] as string);
  const text = await readFile(file, 'utf8');
  // Dumps with costs per instruction run to hundreds of MB over a variant's windows.
  if (hotRuns !== undefined) await rm(file);
  return {
    counts: readDumpCounts(text, COMPILER),
    footprint: hotRuns === undefined ? undefined : hotCodeLines(text, parsePerfMap(await readFile(perfMapPath(pid), 'utf8')), hotRuns),
  };
}

function refuseFailed(errors: number, what: string): void {
  if (errors > 0) throw new Error(`${what}: ${errors} failed requests (errors, timeouts or responses that were not 2xx)`);
}

const autocannonErrors = (result: autocannon.Result) => result.errors + result.timeouts + result.non2xx;

interface Window {
  readonly counts: DumpCounts;
  readonly requests: number;
  readonly footprint: Footprint | undefined;
}

/** The median window's count per request, its compiling share and hot code. */
function perRequestOf(counted: readonly Window[]): Pick<Sample, 'perRequest' | 'windows' | 'compiling' | 'withoutCompiling' | 'footprint'> {
  const perRequest = counted.map((w) => w.counts.total / w.requests);
  const mid = median(perRequest);
  // The window nearest the median (the median itself with an odd number of windows).
  let middle = 0;
  for (let i = 1; i < perRequest.length; i++) {
    if (Math.abs((perRequest[i] as number) - mid) < Math.abs((perRequest[middle] as number) - mid)) middle = i;
  }
  const { counts, requests, footprint } = counted[middle] as Window;
  return {
    footprint: footprint === undefined ? undefined : instructionsPerRequest(footprint, requests),
    perRequest: mid,
    windows: perRequest,
    compiling: counts.matching / requests,
    withoutCompiling: median(counted.map((w) => (w.counts.total - w.counts.matching) / w.requests)),
  };
}

async function measure(variant: Variant, options: HttpInstructionsOptions, sink: OtlpSinkProcess, dir: string): Promise<Sample> {
  const logFile = join(dir, `${variant.name}.log`);
  await sink.take();
  const server = await ServerChild.start({
    script: variant.server,
    variant: variant.name,
    logFile,
    otlpUrl: sink.url,
    runtime: 'dist',
    stdoutToLogFile: variant.stdoutToLogFile === true,
    stdoutPipedToLogFile: variant.stdoutPipedToLogFile === true,
    // --dump-instr=no: totals per function are enough, and the dumps stay small. The footprint
    // needs costs per instruction, at absolute addresses (--compress-pos=no), and node's perf map.
    wrapper: [
      'valgrind',
      '--tool=callgrind',
      `--callgrind-out-file=${join(dir, 'callgrind.%p')}`,
      ...(options.footprint ? ['--dump-instr=yes', '--compress-pos=no'] : ['--dump-instr=no']),
      '--quiet',
    ],
    nodeFlags: options.footprint ? perfNodeFlags(dir) : [],
    timeoutMs: CHILD_TIMEOUT_MS,
  });
  try {
    const url = `http://127.0.0.1:${server.port}/users/42`;
    const pid = String(server.pid);
    refuseFailed(
      autocannonErrors(await autocannon({ url, connections: options.connections, amount: options.warmupRequests })),
      `${variant.name} warm-up`,
    );
    // The windows at the fixed rate, evenly paced (http/paced-load.ts), as bench:http sends it.
    const window = () => load(server.port, { connections: options.connections, rate: options.rate }, options.windowSeconds);
    for (let i = 0; i < options.discardWindows; i++) refuseFailed((await window()).errors, `${variant.name} discarded window`);
    const counted: Window[] = [];
    for (let i = 0; i < options.windows; i++) {
      await run('callgrind_control', ['--zero', pid]);
      const result = await window();
      const { counts, footprint } = await dump(dir, server.pid, options.footprint ? result.requests * HOT_SHARE : undefined);
      refuseFailed(result.errors, variant.name);
      counted.push({ counts, requests: result.requests, footprint });
    }
    const served = await server.stop();
    const exported = await sink.take();
    const logLines = variant.logs ? await countLines(logFile) : 0;
    return {
      ...perRequestOf(counted),
      spansPerRequest: exported.spans / served,
      logLinesPerRequest: logLines / served,
    };
  } finally {
    server.kill();
    await rm(logFile, { force: true });
    if (options.footprint) await rm(perfMapPath(server.pid), { force: true });
  }
}

export async function runHttpInstructions(options: HttpInstructionsOptions): Promise<void> {
  const variants = variantsNamed(options.variants);
  const missing = await callgrindMissing();
  if (missing !== undefined) throw new Error(`http-instructions needs valgrind: ${missing}`);
  await assertDistFresh();
  await assertFloorsEquivalent(variants);
  const sink = await startOtlpSinkProcess();
  const dir = await mkdtemp(join(tmpdir(), 'sightline-instructions-'));
  const samples = new Map<string, Sample[]>();
  console.log(
    `http-instructions: ${variants.length} variants x ${options.rounds} rounds under callgrind: ${options.warmupRequests} warm-up requests, ` +
      `${options.discardWindows} + ${options.windows} windows of ${options.windowSeconds} s at ${options.rate} req/s`,
  );
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of variants) {
        const sample = await measure(variant, options, sink, dir);
        samples.set(variant.name, [...(samples.get(variant.name) ?? []), sample]);
        console.log(
          `  round ${round + 1} ${variant.name.padEnd(24)} ${formatCount(sample.perRequest)} instructions/req ` +
            `(windows ${sample.windows.map(formatCount).join(' / ')}; compiling ${formatCount(sample.compiling)})`,
        );
      }
    }
  } finally {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  }
  report(variants, samples, options);
}

function report(variants: readonly Variant[], samples: Map<string, Sample[]>, options: HttpInstructionsOptions): void {
  const of = (name: string, pick: (sample: Sample) => number) => median((samples.get(name) ?? []).map(pick));
  type Measure = (sample: Sample) => number;
  const total: Measure = (sample) => sample.perRequest;
  const steady: Measure = (sample) => sample.withoutCompiling;
  const added = (name: string, pick: Measure = total) => {
    const bare = samples.get('bare') ?? [];
    return (samples.get(name) ?? []).map((sample, round) => pick(sample) - (bare[round] === undefined ? Number.NaN : pick(bare[round])));
  };
  printTable(
    'HTTP instructions: GET /users/42, ' +
      `user-space instructions of the server process per request (callgrind), ` +
      `${options.rounds} rounds, medians`,
    [
      'variant',
      'instructions/req',
      'per round',
      'added over bare',
      'of which compiling',
      'added without compiling',
      'spans/req',
      'log lines/req',
    ],
    variants.map((variant) => [
      variant.name,
      formatCount(of(variant.name, (s) => s.perRequest)),
      (samples.get(variant.name) ?? []).map((s) => formatCount(s.perRequest)).join(' / '),
      variant.name === 'bare' ? '-' : formatCount(median(added(variant.name))),
      formatCount(of(variant.name, (s) => s.compiling)),
      variant.name === 'bare' ? '-' : formatCount(median(added(variant.name, steady))),
      variant.traces
        ? formatFixed(
            of(variant.name, (s) => s.spansPerRequest),
            3,
          )
        : '-',
      variant.logs
        ? formatFixed(
            of(variant.name, (s) => s.logLinesPerRequest),
            3,
          )
        : '-',
    ]),
    [
      '',
      'instructions/req: instructions the server process executed in user space (every thread: JavaScript, V8, GC,',
      '  libuv) in a counted window over its requests, the work between requests (timers, exports, GC) included; the',
      "  median window's. The kernel's part (the same read and writev per request in every variant) is not counted.",
      "  added over bare: minus bare's in the same round. of which compiling: the median window's instructions in V8's",
      '  compilers (parser and bytecode, baseline, optimizing) per request: the warm-up not yet over, or code compiled',
      "  again after V8 threw it away (see the README). added without compiling: the same with each window's compiling",
      "  taken out (the median over windows), the code's steady cost. Counts, not time: cache misses and stalls weigh nothing.",
    ],
  );
  const names = new Set(variants.map((variant) => variant.name));
  const ratio = (ours: string, theirs: string, pick: Measure = total) => {
    const theirsAdded = added(theirs, pick);
    return median(added(ours, pick).map((value, round) => value / (theirsAdded[round] as number)));
  };
  const ratios = (ours: string, theirs: string) =>
    `${formatRatio(ratio(ours, theirs))} (without compiling ${formatRatio(ratio(ours, theirs, steady))})`;
  const targets = Object.entries(TARGETS).filter(([name, target]) => names.has(name) && names.has(target.of) && names.has('bare'));
  if (targets.length > 0)
    console.log("\nIssue 12's targets on instructions: added instructions per request over bare, one variant's over the other's:");
  for (const [name, target] of targets) {
    const floor = Object.entries(FLOOR_PAIRS).find(([, sightline]) => sightline === name)?.[0];
    const floorPart = floor !== undefined && names.has(floor) ? `; floor ${ratios(floor, target.of)}` : '';
    console.log(`  ${name} / ${target.of}: ${ratios(name, target.of)}${floorPart}, target <= ${formatRatio(target.ratio)}`);
  }
  const pairs = Object.entries(FLOOR_PAIRS).filter(([floor, sightline]) => names.has(floor) && names.has(sightline) && names.has('bare'));
  if (pairs.length > 0) console.log('\nSightline over its floor (added instructions per request):');
  for (const [floor, sightline] of pairs) {
    console.log(
      `  ${sightline}: ${formatCount(median(added(sightline)))}; ${floor}: ${formatCount(median(added(floor)))}; ${ratios(sightline, floor)}`,
    );
  }
  reportFootprint(
    variants.map((variant) => ({
      name: variant.name,
      footprints: (samples.get(variant.name) ?? []).flatMap((sample) => (sample.footprint === undefined ? [] : [sample.footprint])),
    })),
  );
}

export function parseHttpInstructionsArgs(args: readonly string[]): HttpInstructionsOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      variants: { type: 'string' },
      rounds: { type: 'string' },
      'warmup-requests': { type: 'string' },
      discard: { type: 'string' },
      windows: { type: 'string' },
      'window-seconds': { type: 'string' },
      rate: { type: 'string' },
      connections: { type: 'string' },
      footprint: { type: 'boolean' },
    },
  });
  const number = (value: string | undefined, fallback: number, name: string) => {
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, not ${value}`);
    return parsed;
  };
  return {
    variants: values.variants === undefined ? DEFAULT_VARIANTS : values.variants.split(','),
    rounds: number(values.rounds, 1, 'rounds'),
    warmupRequests: number(values['warmup-requests'], 10_000, 'warmup-requests'),
    discardWindows: values.discard === '0' ? 0 : number(values.discard, 2, 'discard'),
    windows: number(values.windows, 3, 'windows'),
    windowSeconds: number(values['window-seconds'], 15, 'window-seconds'),
    rate: number(values.rate, 200, 'rate'),
    connections: number(values.connections, 10, 'connections'),
    footprint: values.footprint === true,
  };
}

if (isEntryPoint(import.meta.url)) await runHttpInstructions(parseHttpInstructionsArgs(process.argv.slice(2)));
