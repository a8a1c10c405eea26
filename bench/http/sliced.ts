// Sliced measurement of the HTTP variants: every server child stays up for the whole run and the
// fixed load moves between them in short slices, bare before and after each variant, so each
// variant's CPU per request is paired with bare's measured seconds away instead of minutes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countLines, type LoadOptions, load } from './load.js';
import { type OtlpSinkProcess, startOtlpSinkProcess } from './otlp-sink-process.js';
import { type ChildRuntime, ServerChild } from './server-child.js';

export interface SlicedVariant {
  readonly name: string;
  readonly server: string;
  readonly traces: boolean;
  readonly logs: boolean;
  readonly stdoutToLogFile?: boolean;
  readonly stdoutPipedToLogFile?: boolean;
}

export interface SlicedOptions extends LoadOptions {
  /** Cycles: in each, every variant gets one slice, with a bare slice before and after it. */
  readonly cycles: number;
  readonly sliceSeconds: number;
  /**
   * Unmeasured load at the start of every slice. A child that sat idle while the others served
   * pays for it at first (its first 2 s slice read 2-4x its steady CPU per request): V8's idle
   * GC and code flushing, cold caches.
   */
  readonly sliceWarmupSeconds: number;
  /** Load on each child before the first slice (JIT, connections, first routes). */
  readonly warmupSeconds: number;
  readonly runtime: ChildRuntime;
}

export interface SlicedVariantResult {
  readonly name: string;
  /** The variant's CPU us/req, one per cycle. */
  readonly cpu: number[];
  /** Its CPU us/req minus the mean of the bare slices just before and after it, one per cycle. */
  readonly added: number[];
  readonly requests: number;
  readonly errors: number;
  /** Spans that reached its OTLP sink and lines in its log file, per request served over its lifetime. */
  readonly spansPerRequest: number | undefined;
  readonly logLinesPerRequest: number | undefined;
}

export interface SlicedResult {
  readonly bareCpu: number[];
  readonly variants: SlicedVariantResult[];
}

interface Running {
  readonly variant: SlicedVariant;
  readonly child: ServerChild;
  readonly logFile: string;
  readonly sink: OtlpSinkProcess | undefined;
  errors: number;
}

async function slice(running: Running, options: SlicedOptions): Promise<number> {
  if (options.sliceWarmupSeconds > 0) {
    const warm = await load(running.child.port, options, options.sliceWarmupSeconds);
    running.errors += warm.errors;
  }
  const before = await running.child.sample();
  const result = await load(running.child.port, options, options.sliceSeconds);
  const after = await running.child.sample();
  running.errors += result.errors;
  const cpu = after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system;
  return cpu / (after.requests - before.requests);
}

/** Runs `bare` and every other variant in `variants` (bare must be among them) as described above. */
export async function measureSliced(
  variants: readonly SlicedVariant[],
  options: SlicedOptions,
  onSlice: (line: string) => void = console.log,
): Promise<SlicedResult> {
  const workDir = await mkdtemp(join(tmpdir(), 'sightline-bench-sliced-'));
  const running: Running[] = [];
  try {
    for (const variant of variants) {
      const sink = variant.traces ? await startOtlpSinkProcess() : undefined;
      const logFile = join(workDir, `${variant.name}.log`);
      const child = await ServerChild.start({
        script: variant.server,
        variant: variant.name,
        logFile,
        otlpUrl: sink?.url ?? 'http://127.0.0.1:9/v1/traces',
        stdoutToLogFile: variant.stdoutToLogFile === true,
        stdoutPipedToLogFile: variant.stdoutPipedToLogFile === true,
        runtime: options.runtime,
      });
      running.push({ variant, child, logFile, sink, errors: 0 });
    }
    const bare = running.find((r) => r.variant.name === 'bare');
    if (bare === undefined) throw new Error('the sliced measurement needs the bare variant');
    const others = running.filter((r) => r !== bare);
    for (const r of running) await load(r.child.port, options, options.warmupSeconds);
    const cpu = new Map<string, number[]>(running.map((r) => [r.variant.name, []]));
    const added = new Map<string, number[]>(others.map((r) => [r.variant.name, []]));
    for (let cycle = 0; cycle < options.cycles; cycle++) {
      const order = cycle % 2 === 0 ? others : [...others].reverse();
      let bareBefore = await slice(bare, options);
      cpu.get('bare')?.push(bareBefore);
      const line: string[] = [`bare ${bareBefore.toFixed(1)}`];
      for (const r of order) {
        const value = await slice(r, options);
        const bareAfter = await slice(bare, options);
        cpu.get('bare')?.push(bareAfter);
        cpu.get(r.variant.name)?.push(value);
        added.get(r.variant.name)?.push(value - (bareBefore + bareAfter) / 2);
        line.push(`${r.variant.name} ${value.toFixed(1)}`, `bare ${bareAfter.toFixed(1)}`);
        bareBefore = bareAfter;
      }
      onSlice(`  cycle ${cycle + 1}/${options.cycles} (CPU us/req): ${line.join(', ')}`);
    }
    const results: SlicedVariantResult[] = [];
    for (const r of others) {
      const requests = await r.child.stop();
      const exported = await r.sink?.take();
      const lines = r.variant.logs ? await countLines(r.logFile) : undefined;
      results.push({
        name: r.variant.name,
        cpu: cpu.get(r.variant.name) ?? [],
        added: added.get(r.variant.name) ?? [],
        requests,
        errors: r.errors,
        spansPerRequest: exported === undefined ? undefined : exported.spans / requests,
        logLinesPerRequest: lines === undefined ? undefined : lines / requests,
      });
    }
    return { bareCpu: cpu.get('bare') ?? [], variants: results };
  } finally {
    for (const r of running) {
      r.child.kill();
      await r.sink?.close();
    }
    await rm(workDir, { recursive: true, force: true });
  }
}
