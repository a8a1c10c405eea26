// `bench:http -- --perf`: the kernel's sampling profiler (`perf record -e cpu-clock`) on one server
// child during its measured window, and its samples sorted into areas. V8's own profiler
// (`--cpu-prof`) sees JavaScript and names native time only as "(program)" or "(garbage
// collector)"; perf sees every instruction pointer of the process, the kernel's included, so the
// system time a variant adds (sockets, wake-ups, page faults) and Node's C++ get names too.
// `cpu-clock` is a software event: it works on VMs without hardware counters.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Samples per second of CPU time: one sample stands for 1e6 / PERF_FREQUENCY microseconds. */
export const PERF_FREQUENCY = 2000;

/** Why `perf` cannot be used here, or undefined when it can (`perf record` of a short command works). */
export async function perfMissing(): Promise<string | undefined> {
  try {
    await run('perf', ['record', '-q', '-e', 'cpu-clock', '-o', '/dev/null', '--', 'true']);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'perf is not installed (Debian: apt-get install linux-perf)';
    return `perf record failed: ${(error as { stderr?: string }).stderr?.trim() || String(error)} (see /proc/sys/kernel/perf_event_paranoid)`;
  }
}

/**
 * The node flags of a child that PerfRecording samples: its JIT code named in /tmp/perf-<pid>.map,
 * and the V8 log that `--perf-basic-prof` opens as well written into `directory` (by default it is
 * an isolate-*-v8.log in the child's working directory, left behind).
 */
export function perfNodeFlags(directory: string): string[] {
  return ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${join(directory, 'v8-%p.log')}`];
}

/** The perf map a child started with perfNodeFlags() writes (and leaves behind): always here. */
export const perfMapPath = (pid: number): string => `/tmp/perf-${pid}.map`;

/**
 * A `perf record` attached to one node process started with perfNodeFlags() (its JIT code is
 * named from /tmp/perf-<pid>.map, which node leaves behind: areas() reads it, then removes it
 * and the recording).
 */
export class PerfRecording {
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;
  readonly #pid: number;
  readonly #file: string;

  private constructor(child: ChildProcess, pid: number, file: string) {
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', resolve));
    this.#pid = pid;
    this.#file = file;
  }

  /** Samples `pid` (all its threads) into `file` until stop(). */
  static start(pid: number, file: string): PerfRecording {
    const child = spawn('perf', ['record', '-q', '-e', 'cpu-clock', '-F', String(PERF_FREQUENCY), '-p', String(pid), '-o', file], {
      stdio: 'ignore',
    });
    return new PerfRecording(child, pid, file);
  }

  /** Stops sampling; resolves once perf has written its file. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGINT');
    await this.#exited;
  }

  /** CPU us per request by area over the recorded window, which served `requests`; then the files are removed. */
  async areas(requests: number): Promise<Map<string, number>> {
    try {
      return await perfAreas(this.#file, requests);
    } finally {
      await this.discard();
    }
  }

  /** Stops sampling if it still runs and removes the recording and the child's perf map (idempotent). */
  async discard(): Promise<void> {
    await this.stop();
    await rm(this.#file, { force: true });
    await rm(perfMapPath(this.#pid), { force: true });
  }
}

/**
 * The area an instruction pointer's symbol belongs to. Symbols as `perf report --sort dso,sym`
 * prints them: `[k] name` in the kernel, `[.] name` in user space, JIT code named from Node's
 * perf map (`--perf-basic-prof`) as `JS:*name file:line` (optimized) or `JS:^` / `JS:~`.
 */
export function perfArea(dso: string, symbol: string): string {
  if (symbol.startsWith('[k]') || dso === '[kernel.kallsyms]') return 'kernel';
  const name = symbol.replace(/^\[\.\]\s*/, '');
  if (name.startsWith('JS:') || dso.startsWith('[JIT]')) return jsArea(name);
  if (name.startsWith('Builtins_')) return /Megamorphic/.test(name) ? 'v8: megamorphic property access' : 'v8: builtins';
  if (/compiler::|maglev::|Turbofan|turboshaft/.test(name)) return 'v8: optimizing compiler';
  if (/Heap::|Scaveng|Mark(ing|Compact)|Sweep|Evacuat|GCTracer|MemoryAllocator|ConcurrentMarking/.test(name))
    return 'v8: garbage collection';
  if (name.includes('v8::')) return 'v8: runtime';
  if (/node::|llhttp/.test(name)) return 'node: C++ (http parser, streams, bindings)';
  if (/^uv_|^uv__/.test(name)) return 'libuv';
  return 'libc and other native';
}

export const JS_SDK = 'js: @sightline/sdk';
export const JS_OTLP = 'js: @sightline/otlp';
export const JS_FLOOR = 'js: the floor';
export const JS_NODE = 'js: node internals';

/** Whose JavaScript a perf map name (`JS:*name file:line:column`) is: the SDK's, the OTLP package's, the floor's, node's own... */
export function jsArea(name: string): string {
  if (name.includes('/packages/sdk/')) return JS_SDK;
  if (name.includes('/packages/otlp/')) return JS_OTLP;
  if (name.includes('/bench/http/floor/')) return JS_FLOOR;
  if (name.includes('/bench/')) return 'js: bench (handler, child protocol)';
  if (name.includes('node_modules/')) return 'js: npm packages';
  if (/ node:/.test(name)) return JS_NODE;
  return 'js: other';
}

/** Microseconds of CPU per request in each area, from a `perf record` file of a window that served `requests`. */
export async function perfAreas(file: string, requests: number): Promise<Map<string, number>> {
  const { stdout } = await run('perf', ['report', '-i', file, '--no-children', '--sort', 'dso,sym', '--stdio', '-g', 'none', '-n'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return areasOfReport(stdout, requests);
}

/** `perf report --sort dso,sym -n` output summed by area, as us per request. */
export function areasOfReport(report: string, requests: number): Map<string, number> {
  const areas = new Map<string, number>();
  const microsPerSample = 1e6 / PERF_FREQUENCY / requests;
  for (const line of report.split('\n')) {
    // "    12.34%   567  node   [.] symbol"; the dso may hold spaces ("[JIT] tid 1234").
    const match = /^\s*[\d.]+%\s+(\d+)\s+(.+?)\s+(\[[.k]\]\s.*)$/.exec(line);
    if (match === null) continue;
    const area = perfArea(match[2] as string, match[3] as string);
    areas.set(area, (areas.get(area) ?? 0) + Number(match[1]) * microsPerSample);
  }
  return areas;
}
