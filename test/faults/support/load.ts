import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface Sample {
  /** performance.now() when the request was sent. */
  readonly sentAt: number;
  readonly latencyMs: number;
  /** HTTP status; 0 when no response came (connection refused or reset). */
  readonly status: number;
  readonly error: string | undefined;
  /** The trace the request was sent in (its traceparent), to find its spans at the receiver. */
  readonly traceId: string;
}

export interface LoadOptions {
  readonly url: string;
  readonly method?: string;
  readonly path: string;
  readonly body?: unknown;
  readonly ratePerSecond: number;
  /** Stops sending after this long; stop() ends it earlier. */
  readonly durationMs: number;
  /** Keep-alive sockets to the service (default 64). */
  readonly maxSockets?: number;
}

export interface Load {
  /** Sends no more requests; those in flight finish. */
  stop(): void;
  /** Requests sent so far. */
  readonly sent: number;
  /** Requests answered (or failed) so far. */
  readonly completed: number;
  /** Every request's outcome, once all sent requests finished. */
  readonly done: Promise<Sample[]>;
}

const TICK_MS = 5;

/** One request over `agent`, inside a fresh sampled trace; never rejects. */
export function send(agent: Agent, url: URL, method: string, path: string, body: string | undefined): Promise<Sample> {
  const traceId = randomBytes(16).toString('hex');
  const headers: Record<string, string | number> = { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const finish = (status: number, error: string | undefined) =>
      resolve({ sentAt, latencyMs: performance.now() - sentAt, status, error, traceId });
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      res.resume();
      res.once('end', () => finish(res.statusCode ?? 0, undefined));
      res.once('error', (error) => finish(0, error.message));
    });
    req.once('error', (error: NodeJS.ErrnoException) => finish(0, error.code ?? error.message));
    req.end(body);
  });
}

/**
 * An open-loop load at a fixed rate (requests are sent on schedule whether or not earlier ones
 * answered, so a slow service cannot slow the load down and hide its own latency), over
 * keep-alive connections, each request in its own trace.
 */
export function startLoad(options: LoadOptions): Load {
  const url = new URL(options.url);
  const method = options.method ?? 'GET';
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const pending: Promise<Sample>[] = [];
  let completed = 0;
  const count = (sample: Sample) => {
    completed++;
    return sample;
  };
  const started = performance.now();
  let stopped = false;
  let resolveStopped: () => void = () => {};
  const stoppedPromise = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    resolveStopped();
  };
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    if (elapsed >= options.durationMs) return stop();
    const due = Math.floor((elapsed / 1000) * options.ratePerSecond) + 1;
    while (pending.length < due) pending.push(send(agent, url, method, options.path, body).then(count));
  }, TICK_MS);
  const done = stoppedPromise.then(async () => {
    const samples = await Promise.all(pending);
    agent.destroy();
    return samples;
  });
  return {
    stop,
    get sent() {
      return pending.length;
    },
    get completed() {
      return completed;
    },
    done,
  };
}

/** Runs a load to its end. */
export function runLoad(options: LoadOptions): Promise<Sample[]> {
  return startLoad(options).done;
}

/** Nearest-rank percentile of `values` (0 < p <= 100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export interface LoadSummary {
  readonly requests: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(
  samples: readonly Sample[],
  ok: (status: number) => boolean = (status) => status >= 200 && status < 300,
): LoadSummary {
  const latencies = samples.map((sample) => sample.latencyMs);
  return {
    requests: samples.length,
    failed: samples.filter((sample) => !ok(sample.status)).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length === 0 ? Number.NaN : Math.max(...latencies),
  };
}

/** Failed samples grouped by what went wrong, for assertion messages. */
export function failures(samples: readonly Sample[], ok: (status: number) => boolean = (status) => status >= 200 && status < 300) {
  const counts: Record<string, number> = {};
  for (const sample of samples) {
    if (ok(sample.status)) continue;
    const key = sample.status === 0 ? `no response (${sample.error})` : `HTTP ${sample.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;
