import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ResolvedShutdownOptions } from '../config/index.js';
import { inBackground } from '../context/index.js';
import type { RequestPass } from '../http/index.js';
import { type DrainOptions, parseDrainOptions, parseServeOptions, type ServeOptions } from './serve-options.js';
import type { ShutdownPhase } from './shutdown-phase.js';

/** What a graceful shutdown needs of a server: node:http's and node:https's servers both fit. */
export type DrainableServer = Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections' | 'prependListener'>;

/** What the coordinator needs of its observer (passed in by createObserver). */
export interface ShutdownHost {
  readonly logger: Logger;
  readonly http: Pick<RequestPass, 'inFlight' | 'whenIdle' | 'cutInFlight'>;
  readonly options: ResolvedShutdownOptions;
  markShuttingDown(): void;
  /** observer.shutdown(): the Lifecycle's phases (intake → drain → flush → close). */
  shutdown(): Promise<void>;
  /** Lifecycle hooks that failed or timed out so far. */
  hookFailures(): number;
  register(name: string, phase: ShutdownPhase, run: () => unknown): void;
}

export interface ShutdownHandle {
  /** Runs the graceful shutdown a signal runs, once (later calls share it); resolves with the exit code. */
  shutdown(reason?: string): Promise<number>;
}

const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

function closeAfterResponse(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}

/** How long the drain waits, after closing the connections of cut requests, for them to finish. */
const CUT_WAIT_MS = 250;

/** A 'request' listener put first on a draining server: no new keep-alive, whatever the app answers. */
function closeAfterEveryResponse(_req: IncomingMessage, res: ServerResponse): void {
  closeAfterResponse(res);
}

/**
 * Graceful shutdown of an observer's servers, as two Lifecycle hooks: `intake` stops
 * accepting (readiness fails at once, an optional delay, server.close()), `drain` waits for
 * in-flight requests up to drainTimeoutMs and then closes every connection. Both are shared
 * promises: observer.shutdown() and a signal run them once. Responses written from the
 * first step on carry `Connection: close`, so keep-alive clients reconnect elsewhere.
 */
export class GracefulShutdown {
  readonly #host: ShutdownHost;
  readonly #servers = new Set<DrainableServer>();
  /** Resolves when the server has closed (every connection ended). */
  readonly #closed = new Map<DrainableServer, Promise<void>>();
  #delayMs: number;
  #drainTimeoutMs: number;
  #stopping = false;
  #closing = false;
  #intake: Promise<void> | undefined;
  #drain: Promise<boolean> | undefined;
  #run: Promise<number> | undefined;
  #signals: readonly NodeJS.Signals[] = [];
  #exit: ServeOptions['exit'] = true;

  constructor(host: ShutdownHost) {
    this.#host = host;
    this.#delayMs = host.options.delayMs;
    this.#drainTimeoutMs = host.options.drainTimeoutMs;
  }

  /** Adds a server to stop and drain at shutdown; the first call registers the Lifecycle hooks. */
  attach(server: DrainableServer, options?: DrainOptions): void {
    const { delayMs, drainTimeoutMs } = parseDrainOptions(options);
    if (delayMs !== undefined) this.#delayMs = delayMs;
    if (drainTimeoutMs !== undefined) this.#drainTimeoutMs = drainTimeoutMs;
    if (this.#servers.size === 0) {
      this.#host.register('http-intake', 'intake', () => this.stopIntake());
      this.#host.register('http-drain', 'drain', () => this.drain());
    }
    if (this.#servers.has(server)) return;
    this.#servers.add(server);
    if (this.#stopping) server.prependListener('request', closeAfterEveryResponse);
    // Attached after the others closed: it closes at once.
    if (this.#closing) this.#close(server);
  }

  /** attach() plus signal handlers that run the whole sequence and exit. */
  serve(server: DrainableServer, options?: ServeOptions): ShutdownHandle {
    const { signals, exit, ...drain } = parseServeOptions(options);
    this.attach(server, drain);
    if (exit !== undefined) this.#exit = exit;
    if (this.#signals.length === 0 && this.#run === undefined) {
      this.#signals = signals ?? DEFAULT_SIGNALS;
      for (const signal of this.#signals) process.on(signal, this.#onSignal);
    }
    return { shutdown: (reason = 'shutdown()') => this.#runAndExit(reason) };
  }

  /** Readiness fails, keep-alive ends, then after delayMs the servers stop accepting. Idempotent. */
  stopIntake(): Promise<void> {
    this.#intake ??= this.#stopIntake();
    return this.#intake;
  }

  /** Waits for in-flight requests (bounded), then closes every connection; true when nothing was cut. Idempotent. */
  drain(): Promise<boolean> {
    this.#drain ??= this.#drainRequests();
    return this.#drain;
  }

  /** The whole sequence once: drain, then observer.shutdown(); resolves with the exit code. */
  run(reason: string): Promise<number> {
    this.#run ??= inBackground(() => this.#sequence(reason));
    return this.#run;
  }

  /** A second signal finds the sequence running: it is logged and ignored, the timeouts bound the wait. */
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#run !== undefined) {
      this.#host.logger.warn(
        { signal, in_flight: this.#host.http.inFlight.size },
        'already shutting down; signal ignored (drainTimeoutMs and shutdownTimeoutMs bound the wait)',
      );
      return;
    }
    void this.#runAndExit(signal);
  };

  async #runAndExit(reason: string): Promise<number> {
    const code = await this.run(reason);
    const exit = this.#exit;
    if (exit === true) process.exit(code);
    for (const signal of this.#signals) process.off(signal, this.#onSignal);
    if (typeof exit === 'function') exit(code);
    return code;
  }

  async #sequence(reason: string): Promise<number> {
    const { logger, http } = this.#host;
    const started = performance.now();
    logger.info(
      { reason, in_flight: http.inFlight.size, delay_ms: this.#delayMs, drain_timeout_ms: this.#drainTimeoutMs },
      'shutting down: readiness fails from now on',
    );
    const drained = await this.drain();
    if (drained) logger.info({ duration_ms: Math.round(performance.now() - started) }, 'requests drained; closing resources');
    try {
      await this.#host.shutdown();
    } catch {
      return 1;
    }
    return drained && this.#host.hookFailures() === 0 ? 0 : 1;
  }

  async #stopIntake(): Promise<void> {
    this.#stopping = true;
    this.#host.markShuttingDown();
    for (const state of this.#host.http.inFlight) closeAfterResponse(state.res);
    for (const server of this.#servers) server.prependListener('request', closeAfterEveryResponse);
    // Kubernetes removes the pod from its endpoints only after SIGTERM, and kube-proxy and
    // ingresses learn of it later still: until then new connections keep arriving.
    if (this.#delayMs > 0) await delay(this.#delayMs);
    this.#closing = true;
    for (const server of this.#servers) this.#close(server);
  }

  #close(server: DrainableServer): void {
    if (this.#closed.has(server)) return;
    this.#closed.set(
      server,
      new Promise<void>((resolve) => {
        // Called with ERR_SERVER_NOT_RUNNING when it was not listening: closed all the same.
        server.close(() => resolve());
      }),
    );
    server.closeIdleConnections();
  }

  async #drainRequests(): Promise<boolean> {
    await this.stopIntake();
    const { logger, http } = this.#host;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#drainTimeoutMs);
    });
    const idle = Promise.all([http.whenIdle(), ...this.#closed.values()]).then(() => true);
    const drained = await Promise.race([idle, timedOut]);
    clearTimeout(timer);
    if (!drained) {
      logger.warn(
        { in_flight: http.inFlight.size, drain_timeout_ms: this.#drainTimeoutMs },
        'drain timed out; closing the connections still open',
      );
    }
    // Requests still running are the server's to answer for: counted as cut (5xx), not as
    // clients that left, and finished (span ended, access line written) before the flush.
    const cut = drained ? undefined : http.cutInFlight(CUT_WAIT_MS);
    for (const server of this.#servers) server.closeAllConnections();
    await cut;
    return drained;
  }
}
