import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, openSync } from 'node:fs';
import { join } from 'node:path';

/** The parent's side of http/child-protocol.cjs. */
interface ChildMessage {
  type: 'ready' | 'sample' | 'stopped';
  port?: number;
  cpu?: NodeJS.CpuUsage;
  requests?: number;
  rss?: number;
  heapUsed?: number;
}

export interface ChildSample {
  /** The child's process.cpuUsage(): all its threads, user and system. */
  readonly cpu: NodeJS.CpuUsage;
  /** Requests its handler has served so far. */
  readonly requests: number;
  /** The child's resident set size, in bytes. */
  readonly rss: number;
  /** V8 heap in use, in bytes. */
  readonly heapUsed: number;
}

export interface ServerChildOptions {
  /** A file in bench/http: server-baseline.cjs or server-sightline.mjs. */
  readonly script: string;
  readonly variant: string;
  readonly logFile: string;
  readonly otlpUrl: string;
  /** Run under `node --cpu-prof`, writing the profiles here. */
  readonly cpuProfileDir?: string;
  /** The child's stdout goes to `logFile` (a variant that logs to stdout, as the SDK does by default). */
  readonly stdoutToLogFile?: boolean;
  /** The child's stdout is a pipe that this process reads into `logFile` (a service whose stdout a log collector reads). */
  readonly stdoutPipedToLogFile?: boolean;
  /**
   * `source` (default): node --conditions=sightline-source --import tsx, the SDK's TypeScript as the repo runs it;
   * `dist`: plain node, the workspace packages' built dist/ as an installed app runs them (no tsx loader thread).
   */
  readonly runtime?: ChildRuntime;
  /** Flags for node itself, before the script (say `--perf-basic-prof`). */
  readonly nodeFlags?: readonly string[];
  /** Runs node under this command (say valgrind and its options): `[...wrapper, node, ...]`. */
  readonly wrapper?: readonly string[];
  /** How long each answer may take (default 30 s; a wrapped child can be much slower). */
  readonly timeoutMs?: number;
}

export type ChildRuntime = 'source' | 'dist';

const TIMEOUT_MS = 30_000;

/** One server variant in its own process, driven over IPC. */
export class ServerChild {
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;
  readonly #timeoutMs: number;
  port = 0;

  private constructor(child: ChildProcess, timeoutMs: number) {
    this.#child = child;
    this.#timeoutMs = timeoutMs;
    this.#exited = new Promise((resolve) => child.once('exit', resolve));
  }

  static async start(options: ServerChildOptions): Promise<ServerChild> {
    const profiling = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
    const stdout =
      options.stdoutToLogFile === true ? openSync(options.logFile, 'a') : options.stdoutPipedToLogFile === true ? 'pipe' : 'inherit';
    const wrapper = options.wrapper ?? [];
    const child = spawn(
      wrapper[0] ?? process.execPath,
      [
        ...(wrapper.length === 0 ? [] : [...wrapper.slice(1), process.execPath]),
        ...(options.runtime === 'dist' ? [] : ['--conditions=sightline-source', '--import', 'tsx']),
        ...profiling,
        ...(options.nodeFlags ?? []),
        join(import.meta.dirname, options.script),
        options.variant,
        options.logFile,
        options.otlpUrl,
      ],
      { cwd: import.meta.dirname, stdio: ['ignore', stdout, 'inherit', 'ipc'] },
    );
    if (typeof stdout === 'number') closeSync(stdout);
    if (stdout === 'pipe') child.stdout?.pipe(createWriteStream(options.logFile, { flags: 'a' }));
    const server = new ServerChild(child, options.timeoutMs ?? TIMEOUT_MS);
    try {
      server.port = (await server.#next('ready')).port as number;
    } catch (error) {
      server.kill();
      throw error;
    }
    return server;
  }

  async sample(): Promise<ChildSample> {
    this.#child.send({ type: 'sample' });
    const { cpu, requests, rss, heapUsed } = await this.#next('sample');
    return { cpu: cpu as NodeJS.CpuUsage, requests: requests as number, rss: rss as number, heapUsed: heapUsed as number };
  }

  /** Shuts the server down (its exporters and logs flush) and resolves with the requests it served, once it has exited. */
  async stop(): Promise<number> {
    this.#child.send({ type: 'shutdown' });
    const { requests } = await this.#next('stopped');
    await this.#exited; // a CPU profile is written on exit
    return requests as number;
  }

  /** The child's process id (a wrapper such as valgrind runs node in its own process, under this id). */
  get pid(): number {
    return this.#child.pid as number;
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  #next(type: ChildMessage['type']): Promise<ChildMessage> {
    const child = this.#child;
    const timeoutMs = this.#timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`server child sent no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (message: ChildMessage) => {
        if (message.type === type) finish(undefined, message);
      };
      const onExit = (code: number | null) => finish(new Error(`server child exited with code ${code} before "${type}"`));
      function finish(error: Error | undefined, message?: ChildMessage) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message as ChildMessage);
      }
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  }
}
