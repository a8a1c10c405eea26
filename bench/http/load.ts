import { createReadStream, existsSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadOptions {
  readonly connections: number;
  /** Fixed total req/s (autocannon overallRate); undefined: as fast as possible. */
  readonly rate: number | undefined;
}

/** `GET /users/42` on the server at `port` for `seconds`, the one request every variant serves. */
export function load(port: number, options: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/users/42`,
    connections: options.connections,
    duration: seconds,
    pipelining: 1,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
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
