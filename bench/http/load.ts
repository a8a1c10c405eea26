import { createReadStream, existsSync } from 'node:fs';
import autocannon from 'autocannon';
import { pacedLoad } from './paced-load.js';

/**
 * How a fixed rate is sent: `paced` spreads it evenly (http/paced-load.ts), `burst` is autocannon's
 * `overallRate`, which sends each second's requests at once at the start of the second.
 */
export type RateShape = 'paced' | 'burst';

export interface LoadOptions {
  readonly connections: number;
  /** Fixed total req/s; undefined: as fast as possible (autocannon). */
  readonly rate: number | undefined;
  /** Default `paced`. */
  readonly rateShape?: RateShape;
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  /** Failed requests of any kind: errors, timeouts, responses that were not 2xx. */
  readonly errors: number;
}

/** `GET /users/42` on the server at `port` for `seconds`, the one request every variant serves. */
export async function load(port: number, options: LoadOptions, seconds: number): Promise<LoadResult> {
  if (options.rate !== undefined && options.rateShape !== 'burst') {
    const result = await pacedLoad({ port, rate: options.rate, connections: options.connections, seconds });
    if (result.maxBacklog > 0) {
      console.warn(
        `  paced load: up to ${result.maxBacklog} requests waited for a free connection (the server fell behind ${options.rate} req/s)`,
      );
    }
    return result;
  }
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/users/42`,
    connections: options.connections,
    duration: seconds,
    pipelining: 1,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Lines in a file (log lines written by a variant); 0 when there is no file (the variant wrote no line). */
export async function countLines(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
