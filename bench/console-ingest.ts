// Console ingest end to end: a real console (`startConsole`, temp DB file, ports 0) in a child
// process, concurrent OTLP/HTTP protobuf exporters of 512-record requests going flat out against
// /v1/traces then /v1/logs (each alone), and in the same run the raw DuckDB appender writing the same rows.
// Prints acknowledged records/s for both and the ratio, the console's CPU and RSS (sampled every
// second), then spans again while another process queries the API (its latency under flat-out ingest).
//   npm run bench:console -w bench -- --duration 20 --clients 8
//   npm run bench:console -w bench -- --duration 300        # the 5-minute RSS run
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryTimeline } from './console/memory-timeline.js';
import { type BodyTemplate, logTemplate, traceTemplate } from './console/otlp-bodies.js';
import { type LoadResult, runLoad } from './console/otlp-load.js';
import { processUsage, RssSampler, type RssSummary } from './console/process-usage.js';
import { type RawResult, rawAppend, rawBatches } from './console/raw-append.js';
import { TsChild } from './console/ts-child.js';
import { summarizeCpuProfiles } from './cpu-profile-summary.js';
import { isEntryPoint } from './lib/entry-point.js';
import { percentile } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from './lib/table.js';

export interface ConsoleIngestOptions {
  /** Measured seconds per signal. */
  durationSeconds: number;
  warmupSeconds: number;
  clients: number;
  /** Rows the raw appender writes per measurement. */
  rawRecords: number;
  /** Gap between API probes, ms. */
  probeIntervalMs: number;
  /** When set, the console runs under `node --cpu-prof` writing here (every thread), summarised at the end. */
  cpuProfileDir: string | undefined;
}

export function parseConsoleIngestArgs(args: readonly string[]): ConsoleIngestOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      clients: { type: 'string' },
      'raw-records': { type: 'string' },
      'probe-interval-ms': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
    },
  });
  const number = (key: string, fallback: number) => (typeof values[key] === 'string' ? Number(values[key]) : fallback);
  return {
    durationSeconds: number('duration', 20),
    warmupSeconds: number('warmup', 2),
    clients: number('clients', 8),
    rawRecords: number('raw-records', 300_000),
    probeIntervalMs: number('probe-interval-ms', 100),
    cpuProfileDir:
      values['cpu-prof'] === true
        ? join(import.meta.dirname, 'results', 'profiles', `console-${new Date().toISOString().replace(/[:.]/g, '-')}`)
        : undefined,
  };
}

const MiB = 2 ** 20;

interface PhaseResult {
  readonly signal: 'traces' | 'logs';
  /** What the phase measured: a signal alone, or spans while an API client queries. */
  readonly label: string;
  readonly load: LoadResult;
  readonly cpuCores: number;
  /** Thread-seconds the console spent waiting for a CPU per wall second. */
  readonly cpuWaitShare: number;
  /** CPU of the bench process (the load generator) per wall second. */
  readonly loaderCores: number;
  readonly rss: RssSummary;
  readonly rawBefore: RawResult;
  readonly rawAfter: RawResult;
  /** The raw appender committing every `stored.commits`-average rows, as the console's group commit did. */
  readonly rawGrouped: RawResult;
}

interface ProbeResult {
  search: number[];
  byId: number[];
  failures: string[];
  failureCount: number;
}

async function startConsoleChild(
  dir: string,
  cpuProfileDir: string | undefined,
): Promise<{ child: TsChild; otlpUrl: string; url: string }> {
  const profiling = cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`];
  const child = TsChild.spawn('console-child.ts', [join(dir, 'console.duckdb')], profiling);
  try {
    const ready = await child.next('ready');
    return { child, otlpUrl: ready.otlpUrl as string, url: ready.url as string };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** One signal through the console, flat out, with the console's CPU and RSS; the API probe runs alongside when given. */
async function phase(
  console_: { child: TsChild; otlpUrl: string },
  template: BodyTemplate,
  options: ConsoleIngestOptions,
  index: number,
): Promise<{ load: LoadResult; cpuCores: number; cpuWaitShare: number; loaderCores: number; rss: RssSummary }> {
  const rss = new RssSampler(console_.child.pid, 1000);
  const cpuBefore = processUsage(console_.child.pid);
  const wallBefore = performance.now();
  const loaderBefore = process.cpuUsage();
  const load = await runLoad({
    url: console_.otlpUrl,
    template,
    clients: options.clients,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
    phase: index,
  });
  const cpuAfter = processUsage(console_.child.pid);
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const cpuCores =
    cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (cpuAfter.cpuSeconds - cpuBefore.cpuSeconds) / wallSeconds;
  const loader = process.cpuUsage(loaderBefore);
  const loaderCores = (loader.user + loader.system) / 1e6 / wallSeconds;
  const cpuWaitShare =
    cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (cpuAfter.cpuWaitSeconds - cpuBefore.cpuWaitSeconds) / wallSeconds;
  return { load, cpuCores, cpuWaitShare, loaderCores, rss: rss.stop() };
}

export async function runConsoleIngestBench(options: ConsoleIngestOptions): Promise<void> {
  const load = loadavg().map((value) => value.toFixed(2));
  console.log(
    `\nconsole ingest: ${options.clients} clients, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per signal; load average ${load.join(' ')}`,
  );
  const templates = { traces: await traceTemplate(), logs: await logTemplate() };
  console.log(
    `request bodies: ${templates.traces.records} spans in ${formatCount(templates.traces.body.length)} bytes, ${templates.logs.records} log records in ${formatCount(templates.logs.body.length)} bytes (upstream otlp-transformer protobuf)`,
  );
  const raw = { traces: rawBatches(templates.traces, 16), logs: rawBatches(templates.logs, 16) };
  const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-console-'));
  let consoleChild: TsChild | undefined;
  let probe: TsChild | undefined;
  try {
    // Raw before and after the console phases, so neither side always gets the warmer (or quieter) machine.
    const rawBefore = {
      traces: await rawAppend(dir, 'raw_traces_1', raw.traces, options.rawRecords),
      logs: await rawAppend(dir, 'raw_logs_1', raw.logs, options.rawRecords),
    };
    const started = await startConsoleChild(dir, options.cpuProfileDir);
    consoleChild = started.child;
    const idleRss = processUsage(consoleChild.pid)?.rssBytes ?? Number.NaN;
    const wholeRun = new RssSampler(consoleChild.pid, 1000);
    const memory = new MemoryTimeline(started.url, 5000);

    // Each signal alone (the ingest targets), then spans again while an API client queries (the
    // API latency target; ingest then yields to the queries, QueryPriority, so its rate is lower).
    const traces = await phase(started, templates.traces, options, 1);
    const logs = await phase(started, templates.logs, options, 2);
    probe = TsChild.spawn('api-probe-child.ts', [started.url, String(options.probeIntervalMs)]);
    await probe.next('ready');
    const tracesProbed = await phase(started, templates.traces, options, 3);
    probe.send({ type: 'stop' });
    const probed = (await probe.next('result')) as unknown as ProbeResult;
    await probe.exit();
    probe = undefined;
    const rssWhole = wholeRun.stop();
    const memoryTimeline = memory.stop(16);
    consoleChild.send({ type: 'shutdown' });
    const stopped = await consoleChild.next('stopped');
    await consoleChild.exit();
    consoleChild = undefined;

    const rawAfter = {
      traces: await rawAppend(dir, 'raw_traces_2', raw.traces, options.rawRecords),
      logs: await rawAppend(dir, 'raw_logs_2', raw.logs, options.rawRecords),
    };
    // DuckDB's own cost at the console's commit size: the ceiling for any store that answers after its commit.
    const perCommit = Math.max(1, Math.round(((stopped.spans as number) + (stopped.logs as number)) / (stopped.commits as number)));
    const rawGrouped = {
      traces: await rawAppend(dir, 'raw_traces_grouped', raw.traces, options.rawRecords, perCommit),
      logs: await rawAppend(dir, 'raw_logs_grouped', raw.logs, options.rawRecords, perCommit),
    };
    const spanBaselines = { rawBefore: rawBefore.traces, rawAfter: rawAfter.traces, rawGrouped: rawGrouped.traces };
    const phases: PhaseResult[] = [
      { signal: 'traces', label: 'spans', ...traces, ...spanBaselines },
      { signal: 'logs', label: 'log records', ...logs, rawBefore: rawBefore.logs, rawAfter: rawAfter.logs, rawGrouped: rawGrouped.logs },
      { signal: 'traces', label: 'spans, API client querying', ...tracesProbed, ...spanBaselines },
    ];
    report(
      options,
      phases,
      probed,
      { idle: idleRss, whole: rssWhole, timeline: memoryTimeline },
      {
        spans: stopped.spans as number,
        logs: stopped.logs as number,
        commits: stopped.commits as number,
      },
    );
    if (options.cpuProfileDir !== undefined) {
      console.log(`\nconsole CPU profiles (every thread, start-up and both phases): ${options.cpuProfileDir}`);
      await summarizeCpuProfiles(options.cpuProfileDir, 20, true);
    }
  } finally {
    probe?.kill();
    consoleChild?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(
  options: ConsoleIngestOptions,
  phases: readonly PhaseResult[],
  probed: ProbeResult,
  rss: { idle: number; whole: RssSummary; timeline: ReturnType<MemoryTimeline['stop']> },
  stored: { spans: number; logs: number; commits: number },
): void {
  printTable(
    'console ingest: records/s acknowledged over OTLP/HTTP protobuf (2xx only) vs the raw DuckDB appender, same rows',
    ['what', 'acked', 'console/s', 'raw/s', 'ratio', '503s', 'errors', 'console CPU', 'CPU wait', 'loader CPU', 'target'],
    phases.map((p) => {
      const rate = p.load.acked / p.load.seconds;
      const rawRate = (p.rawBefore.perSecond + p.rawAfter.perSecond) / 2;
      const ratio = rate / rawRate;
      return [
        p.label,
        formatCount(p.load.acked),
        formatCount(rate),
        `${formatCount(rawRate)} (${formatCount(p.rawBefore.perSecond)} / ${formatCount(p.rawAfter.perSecond)})`,
        formatRatio(ratio),
        formatCount(p.load.throttled),
        formatCount(p.load.errors),
        `${formatFixed(p.cpuCores, 2)} cores`,
        `${formatFixed(p.cpuWaitShare, 2)} thr`,
        `${formatFixed(p.loaderCores, 2)} cores`,
        `>= 50k/s ${rate >= 50_000 ? 'ok' : 'MISS'}, >= 0.50x ${ratio >= 0.5 ? 'ok' : 'MISS'}`,
      ];
    }),
    [
      `  ${options.clients} concurrent clients, each posting 512-record requests and waiting for the answer; the console commits before it answers.`,
      '  raw/s: one appender, one transaction, the same decoded rows and schema, in the bench process (mean of before / after the console ran).',
      "  console CPU: user + system time of the console process (all threads, from /proc) per wall second; CPU wait: its threads'",
      '  time runnable but waiting for a CPU per wall second (schedstat; > 0 means other processes held it back); loader CPU: the',
      `  bench process (the exporters); the machine has ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(2)} now.`,
      ...phases.flatMap((p) =>
        p.load.errorSamples.length === 0 ? [] : [`  ${p.signal} errors, first ones: ${p.load.errorSamples.join(' | ')}`],
      ),
      '  The targets apply to each signal alone; the last row is the API latency phase (below), where ingest yields to queries.',
      `  stored at shutdown (store stats): ${storedLine(
        stored.spans,
        phases.filter((p) => p.signal === 'traces'),
      )} spans, ${storedLine(
        stored.logs,
        phases.filter((p) => p.signal === 'logs'),
      )} log records;`,
      `  ${formatCount(stored.commits)} group commits, ${formatCount((stored.spans + stored.logs) / stored.commits)} records per commit on average.`,
      '  records/s in each tenth of the window (does ingest slow down as the store fills?):',
      ...phases.map((p) => `    ${p.label}: ${p.load.ackedPerTenth.map((n) => formatCount(n / (options.durationSeconds / 10))).join(' ')}`),
    ],
  );
  printTable(
    'console ingest against DuckDB committing as often as the console did (records/s, and per CPU second: steadier on a shared machine)',
    [
      'what',
      'raw grouped/s',
      'console vs grouped/s',
      'console/CPU-s',
      'raw/CPU-s',
      'ratio',
      'raw grouped/CPU-s',
      'grouped vs raw',
      'console vs grouped/CPU-s',
    ],
    phases.map((p) => {
      const rate = p.load.acked / p.load.seconds;
      const console_ = rate / p.cpuCores;
      const raw = (p.rawBefore.perCpuSecond + p.rawAfter.perCpuSecond) / 2;
      const grouped = p.rawGrouped.perCpuSecond;
      return [
        p.label,
        formatCount(p.rawGrouped.perSecond),
        formatRatio(rate / p.rawGrouped.perSecond),
        formatCount(console_),
        formatCount(raw),
        formatRatio(console_ / raw),
        formatCount(grouped),
        formatRatio(grouped / raw),
        formatRatio(console_ / grouped),
      ];
    }),
    [
      "  raw grouped: the same raw appender committing every N rows, N the console's average rows per commit in this run, with the",
      "  console's WAL checkpoint threshold (after the console ran), one transaction after another on one connection: what DuckDB",
      '  itself costs at that commit size, the ceiling for a store that answers only after its commit with this many clients in',
      '  flight and commits one transaction at a time. console vs grouped/s: how close the console comes to it.',
      '  console/CPU-s: acknowledged records/s over its CPU cores in use (HTTP, decoding, group commit, all threads); raw: rows over',
      "  the bench process's CPU time while appending and committing (DuckDB's threads included). No target: read beside the table above.",
    ],
  );
  printTable(
    'console RSS (MiB), sampled every second',
    ['what', 'start', 'peak', 'end', 'end - start', 'samples'],
    [...phases.map((p) => [`${p.label} phase`, ...rssCells(p.rss)]), ['whole run', ...rssCells(rss.whole)]],
    [
      `  idle after start: ${formatFixed(rss.idle / MiB)} MiB; whole run at 0 %, 10 %, ... 100 %: ${tenths(rss.whole.samples)} MiB.`,
      `  after the first third of the run: ${plateau(rss.whole.samples)}.`,
      "  Target: flat (no growth with time under sustained ingest once DuckDB's cache of data blocks has filled to its memory_limit; --duration 300 for 5 minutes per phase).",
    ],
  );
  printTable('where the RSS is (MiB), from /api/store every 5 s over the whole run', rss.timeline.header, rss.timeline.rows, [
    '  anon / file: the RSS split by Linux into anonymous memory and mapped files (code); heap: V8 heap committed; ext: memory V8',
    '  objects hold outside it (ArrayBuffers: request bodies, trace-id filters); DuckDB: its buffer manager (duckdb_memory(): data',
    "  blocks, query operators); rest: anonymous RSS minus heaps, ext and DuckDB (allocators' free lists and fragmentation, DuckDB",
    '  allocations outside its buffer manager, thread stacks).',
    `  the store gave freed memory back to the system ${rss.timeline.trims.count} times, ${formatFixed(rss.timeline.trims.totalMs)} ms in all (worker thread, MemoryTrim).`,
    ...(rss.timeline.failures === 0 ? [] : [`  ${rss.timeline.failures} polls of /api/store failed or overlapped.`]),
  ]);
  const rows = [['GET /api/traces?limit=20&since=1h', probed.search] as const, ['GET /api/traces/<id>?start=', probed.byId] as const].map(
    ([what, values]) => {
      const p99 = percentile(values, 0.99);
      return [
        what,
        formatCount(values.length),
        formatFixed(percentile(values, 0.5)),
        formatFixed(percentile(values, 0.95)),
        formatFixed(p99),
        formatFixed(percentile(values, 1)),
        `p99 < 100 ms ${p99 < 100 ? 'ok' : 'MISS'}`,
      ];
    },
  );
  const post = phases[2]?.load.latencies ?? [];
  rows.push([
    'POST /v1/traces (512 spans, the load itself)',
    formatCount(post.length),
    formatFixed(percentile(post, 0.5)),
    formatFixed(percentile(post, 0.95)),
    formatFixed(percentile(post, 0.99)),
    formatFixed(percentile(post, 1)),
    '',
  ]);
  printTable('API latency while trace ingest runs flat out (ms)', ['what', 'requests', 'p50', 'p95', 'p99', 'max', 'target'], rows, [
    `  one API client in its own process, a search then the newest trace found by id, every ${options.probeIntervalMs} ms (sequential).`,
    ...(probed.failureCount === 0 ? [] : [`  ${probed.failureCount} API failures, first ones: ${probed.failures.slice(0, 3).join(' | ')}`]),
  ]);
}

/** Stored rows against acknowledged ones (warm-up included): every 2xx must be there. */
function storedLine(stored: number, phases: readonly PhaseResult[]): string {
  const acked = phases.length === 0 ? Number.NaN : phases.reduce((sum, p) => sum + p.load.ackedTotal, 0);
  return `${formatCount(stored)} of ${formatCount(acked)} acknowledged ${stored >= acked ? 'ok' : 'MISSING ROWS'}`;
}

/** The samples at 0 %, 10 %, ... 100 % of the run, MiB: enough to see a slope. */
function tenths(samples: readonly number[]): string {
  if (samples.length === 0) return '-';
  const points = Array.from({ length: 11 }, (_, i) => samples[Math.round((i / 10) * (samples.length - 1))] as number);
  return points.map((bytes) => (bytes / MiB).toFixed(0)).join(' ');
}

/** RSS over the last two thirds of the run: its range, and the slope of a least-squares line through it (MiB per minute, 1 s samples). */
function plateau(samples: readonly number[]): string {
  const tail = samples.slice(Math.floor(samples.length / 3)).map((bytes) => bytes / MiB);
  if (tail.length < 2) return '-';
  const n = tail.length;
  const meanX = (n - 1) / 2;
  const meanY = tail.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  tail.forEach((y, x) => {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  });
  const perMinute = (covariance / variance) * 60;
  return `${formatFixed(Math.min(...tail))}-${formatFixed(Math.max(...tail))} MiB, trend ${perMinute >= 0 ? '+' : ''}${formatFixed(perMinute, 1)} MiB/min`;
}

function rssCells(rss: RssSummary): string[] {
  return [
    formatFixed(rss.start / MiB),
    formatFixed(rss.peak / MiB),
    formatFixed(rss.end / MiB),
    formatFixed((rss.end - rss.start) / MiB),
    String(rss.samples.length),
  ];
}

if (isEntryPoint(import.meta.url)) await runConsoleIngestBench(parseConsoleIngestArgs(process.argv.slice(2)));
