// HTTP overhead: bare node:http vs the Sightline middleware vs the stack people assemble
// today (pino-http + prom-client histogram + @opentelemetry/instrumentation-http with a batch
// OTLP exporter). Same handler, same run, 50 keep-alive connections (a fixed rate evenly paced
// by http/paced-load.ts, or autocannon as fast as possible), logs to a file,
// spans exported to a local OTLP sink. Each variant is its own child process, so
// instrumentation-http's require-hook patching cannot leak into the others.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REQUESTS_FILE, summarizeCpuProfiles } from './cpu-profile-summary.js';
import { assertDistFresh } from './http/dist-check.js';
import { assertFloorsEquivalent, FLOOR_PAIRS } from './http/floor-equivalence.js';
import { countLines, load, type RateShape } from './http/load.js';
import { type OtlpSinkProcess, startOtlpSinkProcess } from './http/otlp-sink-process.js';
import { PerfRecording, perfMissing, perfNodeFlags } from './http/perf-record.js';
import { reportPerfAreas } from './http/perf-report.js';
import { runRssReading } from './http/rss-reading.js';
import { type ChildRuntime, ServerChild } from './http/server-child.js';
import { measureSliced } from './http/sliced.js';
import { reportSliced } from './http/sliced-report.js';
import { TARGETS } from './http/targets.js';
import { CALIBRATION, CALIBRATION_MICROS, VARIANTS, type Variant, variantsNamed } from './http/variants.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, formatTarget, printTable } from './lib/table.js';

export interface HttpOverheadOptions {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  /**
   * Fixed total request rate (autocannon overallRate) instead of as fast as possible: every
   * variant serves the same load, so CPU us/req compares instrumentation cost at equal load.
   */
  rate: number | undefined;
  /** How the fixed rate is sent (`--rate-shape`): `paced`, evenly spread (default), or `burst`, autocannon's once-a-second bursts. */
  rateShape: RateShape;
  variants: readonly string[];
  /** Write .cpuprofile files per server child under here, then summarise them. */
  cpuProfileDir: string | undefined;
  /** `perf record -e cpu-clock` on each child's measured window, then CPU per request by area, the kernel's included (http/perf-record.ts). */
  perf?: boolean;
  /** `source`: the server children run the SDK's TypeScript through tsx; `dist`: plain node on the built packages. */
  runtime: ChildRuntime;
  /** Instead of the CPU comparison: each variant's resident memory at idle and after this many requests. */
  rssRequests: number | undefined;
  /** Sliced measurement (http/sliced.ts): this many cycles of `sliceSeconds` slices instead of rounds. */
  slices: number | undefined;
  sliceSeconds: number;
  sliceWarmupSeconds: number;
}

export interface Sample {
  requestsPerSecond: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /** The user-mode part of cpuMicrosPerRequest (JavaScript, GC, compiling, libuv's threads' user time). */
  userMicrosPerRequest: number;
  /** The kernel part: system calls (the socket's reads and writes, the log file's writes) and the wake-ups they cause. */
  systemMicrosPerRequest: number;
  /** With --perf: CPU us per request of the measured window by area (kernel, node's C++, V8, JavaScript by package). */
  perfAreas?: Map<string, number>;
  spansPerRequest: number;
  logLinesPerRequest: number;
  otlpBytes: number;
  errors: number;
  /** The server child's resident set size once set up, before any request. */
  rssIdleBytes: number;
  /** ... and after the warmup and the measured window. */
  rssAfterBytes: number;
  /** Requests served when rssAfterBytes was read. */
  requestsServed: number;
}

const HERE = import.meta.dirname;
const MB = 1024 * 1024;

async function measure(variant: Variant, options: HttpOverheadOptions, otlpUrl: string, workDir: string, round: number) {
  const logFile = join(workDir, `${variant.name}-${round}.log`);
  // One directory per child: node writes a profile per thread (tsx's loader thread too).
  const cpuProfileDir = options.cpuProfileDir === undefined ? undefined : join(options.cpuProfileDir, `${variant.name}-${round + 1}`);
  const server = await ServerChild.start({
    script: variant.server,
    variant: variant.name,
    logFile,
    otlpUrl,
    cpuProfileDir,
    stdoutToLogFile: variant.stdoutToLogFile === true,
    stdoutPipedToLogFile: variant.stdoutPipedToLogFile === true,
    runtime: options.runtime,
    ...(options.perf === true ? { nodeFlags: perfNodeFlags(workDir) } : {}),
  });
  let recording: PerfRecording | undefined;
  try {
    const idle = await server.sample();
    await load(server.port, options, options.warmupSeconds);
    const before = await server.sample();
    if (options.perf === true) recording = PerfRecording.start(server.pid, join(workDir, `${variant.name}-${round}.perf`));
    const result = await load(server.port, options, options.durationSeconds);
    const after = await server.sample();
    await recording?.stop();
    const totalRequests = await server.stop();
    const requests = after.requests - before.requests;
    const perfAreas = await recording?.areas(requests);
    if (cpuProfileDir !== undefined) await writeFile(join(cpuProfileDir, REQUESTS_FILE), JSON.stringify({ requests: totalRequests }));
    const userMicros = after.cpu.user - before.cpu.user;
    const systemMicros = after.cpu.system - before.cpu.system;
    return {
      result,
      cpuMicrosPerRequest: (userMicros + systemMicros) / requests,
      userMicrosPerRequest: userMicros / requests,
      systemMicrosPerRequest: systemMicros / requests,
      totalRequests,
      logFile,
      idle,
      after,
      perfAreas,
    };
  } finally {
    server.kill();
    await recording?.discard();
  }
}

async function runVariant(
  variant: Variant,
  options: HttpOverheadOptions,
  sink: OtlpSinkProcess,
  workDir: string,
  round: number,
): Promise<Sample> {
  await sink.take();
  const run = await measure(variant, options, sink.url, workDir, round);
  const exported = await sink.take();
  let logLines = 0;
  if (variant.logs) {
    logLines = await countLines(run.logFile);
    await rm(run.logFile, { force: true });
  }
  return {
    requestsPerSecond: run.result.requestsPerSecond,
    p99Ms: run.result.p99Ms,
    cpuMicrosPerRequest: run.cpuMicrosPerRequest,
    userMicrosPerRequest: run.userMicrosPerRequest,
    systemMicrosPerRequest: run.systemMicrosPerRequest,
    spansPerRequest: exported.spans / run.totalRequests,
    logLinesPerRequest: logLines / run.totalRequests,
    otlpBytes: exported.bytes,
    errors: run.result.errors,
    rssIdleBytes: run.idle.rss,
    rssAfterBytes: run.after.rss,
    requestsServed: run.after.requests,
    ...(run.perfAreas === undefined ? {} : { perfAreas: run.perfAreas }),
  };
}

export async function runHttpOverhead(options: HttpOverheadOptions): Promise<void> {
  const variants = VARIANTS.filter((variant) => options.variants.includes(variant.name));
  variantsNamed(options.variants);
  if (options.runtime === 'dist') await assertDistFresh();
  if (options.rssRequests !== undefined) {
    await runRssReading(variants, {
      requests: options.rssRequests,
      rate: options.rate ?? DEFAULT_RSS_RATE,
      connections: options.connections,
      runtime: options.runtime,
    });
    return;
  }
  await assertFloorsEquivalent(variants);
  if (options.perf === true) {
    const missing = await perfMissing();
    if (missing !== undefined) throw new Error(`--perf: ${missing}`);
  }
  if (options.slices !== undefined) {
    if (options.cpuProfileDir !== undefined) throw new Error('--cpu-prof profiles whole child lifetimes: use it with rounds, not --slices');
    if (options.perf === true) throw new Error("--perf records the rounds' measured windows: use it with rounds, not --slices");
    const result = await measureSliced(variants, {
      cycles: options.slices,
      sliceSeconds: options.sliceSeconds,
      sliceWarmupSeconds: options.sliceWarmupSeconds,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      rate: options.rate,
      rateShape: options.rateShape,
      runtime: options.runtime,
    });
    reportSliced(result, options);
    return;
  }
  const samples = await measureVariants(variants, options);
  report(variants, samples, options);
  reportTargets(variants, samples);
  reportFloors(variants, samples);
  reportUserSystem(variants, samples);
  reportCalibration(variants, samples);
  if (options.perf === true) reportPerfAreas(variants, samples);
  if (options.cpuProfileDir !== undefined) await summarizeCpuProfiles(options.cpuProfileDir);
}

/**
 * Runs every variant, each in its own server child, in interleaved rounds (order reversed
 * every other round) and returns the samples by variant name. Other benchmarks of the HTTP
 * path (debug-overhead.ts) reuse it with their own variants.
 */
export async function measureVariants(
  variants: readonly Variant[],
  options: HttpOverheadOptions,
  label = 'http-overhead',
): Promise<Map<string, Sample[]>> {
  const workDir = await mkdtemp(join(tmpdir(), 'sightline-bench-http-'));
  if (options.cpuProfileDir !== undefined) await mkdir(options.cpuProfileDir, { recursive: true });
  const sink = await startOtlpSinkProcess();
  const samples = new Map<string, Sample[]>(variants.map((variant) => [variant.name, []]));
  const perVariantSeconds = options.durationSeconds + options.warmupSeconds;
  console.log(
    `${label}: ${variants.length} variants x ${options.rounds} rounds x ${perVariantSeconds} s ` +
      `(~${Math.ceil((variants.length * options.rounds * (perVariantSeconds + 2)) / 60)} min), ${options.connections} connections`,
  );
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Alternate the order each round so drift (thermal, other load) does not favour one end.
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const sample = await runVariant(variant, options, sink, workDir, round);
        (samples.get(variant.name) as Sample[]).push(sample);
        console.log(
          `  round ${round + 1} ${variant.name.padEnd(22)} ${formatCount(sample.requestsPerSecond).padStart(7)} req/s  ` +
            `p99 ${formatFixed(sample.p99Ms, 0)} ms  ${formatFixed(sample.cpuMicrosPerRequest)} CPU us/req ` +
            `(${formatFixed(sample.userMicrosPerRequest)} user + ${formatFixed(sample.systemMicrosPerRequest)} system)`,
        );
      }
    }
  } finally {
    await sink.close();
    await rm(workDir, { recursive: true, force: true });
  }
  return samples;
}

function targetCell(variant: Variant, ratio: number, options: HttpOverheadOptions): string {
  // At a fixed rate every variant serves the same req/s: a req/s target says nothing there.
  if (options.rate !== undefined) return variant.target === undefined ? '' : `(>= ${variant.target.toFixed(2)}x)`;
  if (variant.target !== undefined) return formatTarget(ratio, variant.target);
  return variant.name === 'assembled' ? '(compare)' : '';
}

function report(variants: readonly Variant[], samples: Map<string, Sample[]>, options: HttpOverheadOptions): void {
  const of = (name: string, pick: (sample: Sample) => number) => median((samples.get(name) ?? []).map(pick));
  // Paired: each round's figure over bare's figure in the same round, then the median. The
  // machine's speed drifts by tens of percent over minutes; a round's variants share the drift.
  const paired = (name: string, pick: (sample: Sample) => number) => {
    const bare = samples.get('bare') ?? [];
    return median((samples.get(name) ?? []).map((sample, round) => pick(sample) / pick(bare[round] as Sample)));
  };
  const bareRss = (pick: (sample: Sample) => number) => of('bare', pick);
  const signed = (bytes: number) => (Number.isNaN(bytes) ? '-' : `${bytes >= 0 ? '+' : ''}${formatFixed(bytes / MB, 1)}`);
  const served = median([...samples.values()].flat().map((s) => s.requestsServed));
  const rows = variants.map((variant) => {
    const rps = of(variant.name, (s) => s.requestsPerSecond);
    const ratio = paired(variant.name, (s) => s.requestsPerSecond);
    const cpu = of(variant.name, (s) => s.cpuMicrosPerRequest);
    const list = samples.get(variant.name) ?? [];
    return [
      variant.name,
      formatCount(rps),
      list.map((s) => formatCount(s.requestsPerSecond)).join(' / '),
      formatRatio(ratio),
      targetCell(variant, ratio, options),
      formatFixed(
        of(variant.name, (s) => s.p99Ms),
        0,
      ),
      formatFixed(cpu),
      formatRatio(paired(variant.name, (s) => s.cpuMicrosPerRequest)),
      variant.name === 'bare' ? '-' : formatFixed(median(addedPerRound(samples, variant.name))),
      variant.traces
        ? formatFixed(
            of(variant.name, (s) => s.spansPerRequest),
            3,
          )
        : '-',
      variant.traces ? `${formatFixed(of(variant.name, (s) => s.otlpBytes) / 1e6, 1)} MB` : '-',
      variant.logs
        ? formatFixed(
            of(variant.name, (s) => s.logLinesPerRequest),
            3,
          )
        : '-',
      formatCount(list.reduce((sum, s) => sum + s.errors, 0)),
      `${formatFixed(of(variant.name, (s) => s.rssIdleBytes) / MB, 1)} / ${formatFixed(of(variant.name, (s) => s.rssAfterBytes) / MB, 1)}`,
      `${signed(of(variant.name, (s) => s.rssIdleBytes) - bareRss((s) => s.rssIdleBytes))} / ${signed(of(variant.name, (s) => s.rssAfterBytes) - bareRss((s) => s.rssAfterBytes))}`,
    ];
  });
  printTable(
    `HTTP overhead: GET /users/42, ${options.connections} connections${options.rate === undefined ? '' : ` at a fixed ${options.rate} req/s (${options.rateShape})`}, ` +
      `${options.durationSeconds} s per variant after ${options.warmupSeconds} s warmup, ` +
      `${options.rounds} interleaved rounds, medians`,
    [
      'variant',
      'req/s',
      'per round',
      'vs bare',
      'target',
      'p99 ms',
      'CPU us/req',
      'CPU vs bare',
      'added us/req',
      'spans/req',
      'OTLP sent',
      'log lines/req',
      'errors',
      'RSS MB idle / after',
      'RSS vs bare',
    ],
    rows,
    [
      '',
      'vs bare: median over rounds of req/s divided by bare req/s in the same round (higher is better; 1.00x = no',
      '  overhead). CPU vs bare: the same pairing for CPU us/req (lower is better). added us/req: CPU us/req minus',
      "  bare's in the same round, median over rounds.",
      'CPU us/req: server-process CPU time per request during the measured window (user+system); less sensitive',
      '  to other load than req/s. spans/req and log lines/req count what reached the OTLP sink and the log file',
      '  over the child lifetime (warmup included), divided by requests served: ~1.0 means nothing was dropped',
      '  (sampled variants: ~the ratio). Targets are informational: timings are never asserted.',
      `RSS: the server child's resident memory once set up (idle, before any request) and after the warmup and the`,
      `  measured window (~${formatCount(served)} requests), medians; vs bare: the difference in MB.`,
      ...(options.rate === undefined
        ? []
        : ['Fixed rate: every variant serves the same load, so vs bare is 1.00x by construction; compare CPU us/req.']),
    ],
  );
}

/** Per-round figures as `a / b / c`. */
function perRound(values: readonly number[]): string {
  return values.map((value) => formatFixed(value)).join(' / ');
}

/** CPU us/req (or its user or system part) over bare's in the same round, per round. */
function addedPerRound(
  samples: Map<string, Sample[]>,
  name: string,
  pick: (sample: Sample) => number = (s) => s.cpuMicrosPerRequest,
): number[] {
  const bare = samples.get('bare') ?? [];
  return (samples.get(name) ?? []).map((sample, round) => {
    const bareSample = bare[round];
    return bareSample === undefined ? Number.NaN : pick(sample) - pick(bareSample);
  });
}

/** Each issue 12 target whose two variants ran: the ratio of added costs per round and its median. */
function reportTargets(variants: readonly Variant[], samples: Map<string, Sample[]>): void {
  const names = new Set(variants.map((variant) => variant.name));
  const targets = Object.entries(TARGETS).filter(([name, target]) => names.has(name) && names.has(target.of) && names.has('bare'));
  if (targets.length === 0) return;
  console.log("\nIssue 12's targets: added CPU us/req over bare, paired per round, one variant's over the other's:");
  for (const [name, target] of targets) {
    const ours = addedPerRound(samples, name);
    const of = addedPerRound(samples, target.of);
    const ratios = ours.map((value, round) => value / (of[round] as number));
    console.log(
      `  ${name} / ${target.of}: ${formatRatio(median(ratios))} (${ratios.map(formatRatio).join(' / ')}; ` +
        `+${ours.map((v) => formatFixed(v)).join(' / ')} over +${of.map((v) => formatFixed(v)).join(' / ')}), target <= ${formatRatio(target.ratio)}`,
    );
  }
}

/**
 * For each floor measured beside its Sightline mode: both added costs per round, Sightline's
 * over the floor's, and where each stands against the mode's target. A floor past a target
 * says the target is out of reach for any implementation writing the same bytes.
 */
function reportFloors(variants: readonly Variant[], samples: Map<string, Sample[]>): void {
  const names = new Set(variants.map((variant) => variant.name));
  const pairs = Object.entries(FLOOR_PAIRS).filter(([floor, sightline]) => names.has(floor) && names.has(sightline) && names.has('bare'));
  if (pairs.length === 0) return;
  console.log("\nThe floor (Node's own modules, the same bytes) beside Sightline, added CPU us/req over bare, paired per round:");
  for (const [floor, sightline] of pairs) {
    const ours = addedPerRound(samples, sightline);
    const least = addedPerRound(samples, floor);
    const ratios = ours.map((value, round) => value / (least[round] as number));
    console.log(
      `  ${sightline}: +${formatFixed(median(ours))} (${perRound(ours)}); ${floor}: +${formatFixed(median(least))} (${perRound(least)}); ` +
        `Sightline's added cost is ${formatRatio(median(ratios))} the floor's (${ratios.map(formatRatio).join(' / ')})`,
    );
    const target = TARGETS[sightline];
    if (target === undefined || !names.has(target.of)) continue;
    const of = addedPerRound(samples, target.of);
    const ratioOf = (added: number[]) => median(added.map((value, round) => value / (of[round] as number)));
    console.log(
      `    target <= ${formatRatio(target.ratio)} ${target.of}'s added cost: Sightline ${formatRatio(ratioOf(ours))}, floor ${formatRatio(ratioOf(least))}` +
        (ratioOf(least) > target.ratio ? ' (out of reach even for the floor)' : ''),
    );
  }
}

/**
 * The added CPU split into user and system time, paired per round. The two move differently on
 * a shared VM: user time is the work the process's code does; system time is mostly the socket's
 * sends and the wake-ups they cause on the other vCPU, which vary between runs by more than an
 * SDK's JavaScript costs.
 */
function reportUserSystem(variants: readonly Variant[], samples: Map<string, Sample[]>): void {
  if (!variants.some((variant) => variant.name === 'bare')) return;
  const rows = variants
    .filter((variant) => variant.name !== 'bare')
    .map((variant) => {
      const user = addedPerRound(samples, variant.name, (s) => s.userMicrosPerRequest);
      const system = addedPerRound(samples, variant.name, (s) => s.systemMicrosPerRequest);
      return [variant.name, formatFixed(median(user)), perRound(user), formatFixed(median(system)), perRound(system)];
    });
  const bare = samples.get('bare') ?? [];
  printTable(
    `Added CPU split into user and system time (bare: ${formatFixed(median(bare.map((s) => s.userMicrosPerRequest)))} user + ` +
      `${formatFixed(median(bare.map((s) => s.systemMicrosPerRequest)))} system us/req), over bare, paired per round, medians`,
    ['variant', 'added user us/req', 'per round', 'added system us/req', 'per round'],
    rows,
    [
      'user: the process in user mode (JavaScript, GC, compiling, libuv threads); system: in the kernel (socket and file',
      '  system calls, the wake-ups a loopback send causes). The SDK changes the first; the second varies between runs.',
    ],
  );
}

/** What the calibration variants that ran read: added CPU us/req for a known 5 us of work, per round. */
function reportCalibration(variants: readonly Variant[], samples: Map<string, Sample[]>): void {
  const ran = variants.filter((variant) => (CALIBRATION as readonly string[]).includes(variant.name));
  if (ran.length === 0 || !variants.some((variant) => variant.name === 'bare')) return;
  console.log(
    `\nThe instrument's check: bare plus ${CALIBRATION_MICROS} us of busy JavaScript per request, added CPU us/req over bare, paired per round:`,
  );
  for (const variant of ran) {
    const added = addedPerRound(samples, variant.name);
    console.log(
      `  ${variant.name}: +${formatFixed(median(added))} (${added.map((v) => formatFixed(v)).join(' / ')}), ` +
        `${formatRatio(median(added) / CALIBRATION_MICROS)} the work done`,
    );
  }
}

/** --rss-requests without --rate: a load every variant sustains on a 2-vCPU machine, ~4 min per million requests. */
const DEFAULT_RSS_RATE = 4000;
/** --rss-requests without --variants: the SDK with every pillar beside bare and the logger it is compared with. */
const RSS_VARIANTS = ['bare', 'sightline-full-100', 'sightline-logs-metrics', 'pino-http'];

export function parseHttpOverheadArgs(args: readonly string[]): HttpOverheadOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      rate: { type: 'string' },
      'rate-shape': { type: 'string' },
      variants: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      perf: { type: 'boolean' },
      runtime: { type: 'string' },
      'rss-requests': { type: 'string' },
      slices: { type: 'string' },
      'slice-seconds': { type: 'string' },
      'slice-warmup': { type: 'string' },
    },
  });
  const runtime = values.runtime ?? 'source';
  const rateShape = values['rate-shape'] ?? 'paced';
  if (rateShape !== 'paced' && rateShape !== 'burst') throw new Error(`--rate-shape must be paced or burst, not ${String(rateShape)}`);
  if (runtime !== 'source' && runtime !== 'dist') throw new Error(`--runtime must be source or dist, not ${String(runtime)}`);
  const rssRequests = typeof values['rss-requests'] === 'string' ? Number(values['rss-requests']) : undefined;
  const number = (value: unknown, fallback: number) => (typeof value === 'string' ? Number(value) : fallback);
  const slices = typeof values.slices === 'string' ? Number(values.slices) : undefined;
  return {
    durationSeconds: number(values.duration, 10),
    // Sliced: every child is warmed once, long enough that its first slices are not still JIT-compiling.
    warmupSeconds: number(values.warmup, slices === undefined ? 2 : 8),
    slices,
    sliceSeconds: number(values['slice-seconds'], 3),
    sliceWarmupSeconds: number(values['slice-warmup'], 2),
    rounds: number(values.rounds, 2),
    connections: number(values.connections, 50),
    rate: typeof values.rate === 'string' ? Number(values.rate) : undefined,
    rateShape,
    variants:
      typeof values.variants === 'string'
        ? values.variants.split(',')
        : rssRequests !== undefined
          ? RSS_VARIANTS
          : VARIANTS.filter((variant) => variant.optional !== true).map((variant) => variant.name),
    runtime,
    rssRequests,
    perf: values.perf === true,
    cpuProfileDir:
      values['cpu-prof'] === true ? join(HERE, 'results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : undefined,
  };
}

if (isEntryPoint(import.meta.url)) await runHttpOverhead(parseHttpOverheadArgs(process.argv.slice(2)));
