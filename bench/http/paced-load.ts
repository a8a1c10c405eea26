// An open-loop load generator that spreads a fixed rate evenly over time. autocannon's
// `overallRate` counts requests per connection per second and resets the counts on a 1 s
// interval, so "3,000 req/s" arrives as ~3,000 requests in the first ~90 ms of each second and
// nothing for the rest: a burst at saturation speed, then an idle process. A service at 3,000
// req/s sees requests spread over the second; this sends them so: every millisecond tick sends
// the requests due by then (3 at 3,000 req/s), each on an idle keep-alive connection.
import { connect, type Socket } from 'node:net';
import { ResponseFramer } from './response-framer.js';

export interface PacedLoadOptions {
  readonly port: number;
  /** Requests per second, spread evenly. */
  readonly rate: number;
  /** Keep-alive connections opened before the first request; a request goes out on an idle one. */
  readonly connections: number;
  readonly seconds: number;
  readonly path?: string;
  /** How long requests still unanswered when the time is up are waited for before counting as timeouts. Default 5 s. */
  readonly drainMs?: number;
}

export interface PacedLoadResult {
  /** Responses received. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Socket errors and closes, responses that were not 2xx, requests unanswered after the drain. */
  readonly errors: number;
  /** The most requests that were due while no connection was idle (0: the rate was held throughout). */
  readonly maxBacklog: number;
}

const TICK_MS = 1;

class Connection {
  readonly socket: Socket;
  sentAt = 0;
  busy = false;
  open = false;

  constructor(port: number, onResponse: (connection: Connection, statusCode: number) => void, onBroken: (connection: Connection) => void) {
    const framer = new ResponseFramer((statusCode) => onResponse(this, statusCode));
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (chunk: Buffer) => framer.push(chunk));
    this.socket.on('error', () => onBroken(this));
    this.socket.once('close', () => onBroken(this));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => {
        this.open = true;
        resolve();
      });
      this.socket.once('error', reject);
    });
  }
}

class PacedRun {
  readonly #options: PacedLoadOptions;
  readonly #request: Buffer;
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  readonly #latencies: number[] = [];
  #issued = 0;
  #backlog = 0;
  #maxBacklog = 0;
  #inFlight = 0;
  #errors = 0;
  #stopped = false;
  #onDrained: (() => void) | undefined;

  constructor(options: PacedLoadOptions) {
    this.#options = options;
    this.#request = Buffer.from(
      `GET ${options.path ?? '/users/42'} HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\nConnection: keep-alive\r\n\r\n`,
      'latin1',
    );
  }

  async run(): Promise<PacedLoadResult> {
    try {
      await Promise.all(Array.from({ length: this.#options.connections }, () => this.#open().connected()));
    } catch (error) {
      // A server that refuses the first connections fails the run; nothing is reconnected.
      this.#stopped = true;
      for (const connection of this.#all) connection.socket.destroy();
      throw error;
    }
    const start = performance.now();
    const end = start + this.#options.seconds * 1000;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.floor((Math.min(now, end) - start) * (this.#options.rate / 1000)) - this.#issued;
        this.#issued += due;
        this.#backlog += due;
        this.#maxBacklog = Math.max(this.#maxBacklog, this.#backlog - this.#idle.length);
        this.#dispatch();
        if (now >= end) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    await this.#drain();
    const seconds = (performance.now() - start) / 1000;
    this.#stopped = true;
    for (const connection of this.#all) connection.socket.destroy();
    return this.#result(seconds);
  }

  #open(): Connection {
    const connection = new Connection(
      this.#options.port,
      (c, statusCode) => this.#onResponse(c, statusCode),
      (c) => this.#onBroken(c),
    );
    this.#all.add(connection);
    void connection.connected().then(
      () => this.#release(connection),
      () => undefined,
    );
    return connection;
  }

  #dispatch(): void {
    while (this.#backlog > 0 && this.#idle.length > 0) {
      const connection = this.#idle.pop() as Connection;
      this.#backlog--;
      this.#inFlight++;
      connection.busy = true;
      connection.sentAt = performance.now();
      connection.socket.write(this.#request);
    }
  }

  #onResponse(connection: Connection, statusCode: number): void {
    this.#latencies.push(performance.now() - connection.sentAt);
    if (statusCode < 200 || statusCode > 299) this.#errors++;
    this.#inFlight--;
    this.#release(connection);
  }

  /** An idle connection takes the next due request, if any. */
  #release(connection: Connection): void {
    connection.busy = false;
    this.#idle.push(connection);
    this.#dispatch();
    this.#settle();
  }

  #settle(): void {
    if (this.#inFlight === 0 && this.#backlog === 0) this.#onDrained?.();
  }

  /** A connection that failed or closed: its request (if any) is an error; a new one takes its place. */
  #onBroken(connection: Connection): void {
    if (!this.#all.delete(connection) || this.#stopped) return;
    const at = this.#idle.indexOf(connection);
    if (at !== -1) this.#idle.splice(at, 1);
    this.#errors++;
    if (connection.busy) this.#inFlight--;
    connection.socket.destroy();
    this.#open();
    this.#settle();
  }

  #drain(): Promise<void> {
    if (this.#inFlight === 0 && this.#backlog === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.#errors += this.#inFlight + this.#backlog;
        resolve();
      }, this.#options.drainMs ?? 5000);
      this.#onDrained = () => {
        clearTimeout(timeout);
        resolve();
      };
    });
  }

  #result(seconds: number): PacedLoadResult {
    const sorted = this.#latencies.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      requests: sorted.length,
      requestsPerSecond: sorted.length / seconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      errors: this.#errors,
      maxBacklog: this.#maxBacklog,
    };
  }
}

/** Sends `rate` requests a second for `seconds`, evenly spread (see the file's comment). */
export function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  if (!(options.rate > 0) || !(options.connections > 0) || !(options.seconds > 0)) {
    throw new RangeError(
      `pacedLoad: rate, connections and seconds must be positive (got ${options.rate}, ${options.connections}, ${options.seconds})`,
    );
  }
  return new PacedRun(options).run();
}
