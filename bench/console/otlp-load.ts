// Concurrent OTLP/HTTP exporters going flat out: each client posts its body, waits for the answer,
// gives the body fresh trace ids and posts again, until the time is up. Only 2xx answers count as
// acknowledged records; 429/503 are counted apart and waited out as their Retry-After says (what
// the OpenTelemetry exporters do), anything else is an error.
import { Agent, request } from 'node:http';
import { type BodyTemplate, VaryingBody } from './otlp-bodies.js';

export interface LoadOptions {
  readonly url: string;
  readonly template: BodyTemplate;
  readonly clients: number;
  /** Load before the measured window (JIT, first partitions), seconds. */
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Distinguishes this phase's trace ids from other phases'. */
  readonly phase: number;
}

export interface LoadResult {
  /** Records acknowledged (2xx answer received) inside the measured window, and over the whole run including warm-up. */
  readonly acked: number;
  readonly ackedTotal: number;
  /** Seconds from the window's start until the last request answered. */
  readonly seconds: number;
  readonly requests: number;
  readonly throttled: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  /** Round-trip times of acknowledged requests in the window, ms. */
  readonly latencies: number[];
  /** Records acknowledged in each tenth of the window (the last one takes the stragglers). */
  readonly ackedPerTenth: number[];
}

function post(agent: Agent, url: string, body: Buffer): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          const status = res.statusCode ?? 0;
          resolve({ status, retryAfter, text: status >= 300 ? Buffer.concat(chunks).toString('utf8').slice(0, 200) : '' });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { template, clients } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = `${options.url}/v1/${template.signal}`;
  const started = performance.now();
  const windowStart = started + options.warmupSeconds * 1000;
  const deadline = windowStart + options.durationSeconds * 1000;
  let acked = 0;
  let ackedTotal = 0;
  let requests = 0;
  let throttled = 0;
  let errors = 0;
  let lastAnswer = windowStart;
  const errorSamples: string[] = [];
  const latencies: number[] = [];
  const ackedPerTenth = new Array<number>(10).fill(0);
  const tenthMs = (options.durationSeconds * 1000) / 10;
  const client = async (index: number) => {
    const varying = new VaryingBody(template, ((options.phase & 0xffff) << 16) | (index + 1));
    while (performance.now() < deadline) {
      varying.next();
      const sent = performance.now();
      let answer: Awaited<ReturnType<typeof post>>;
      try {
        answer = await post(agent, url, varying.body);
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push((error as Error).message);
        continue;
      }
      const now = performance.now();
      requests++;
      if (answer.status >= 200 && answer.status < 300) {
        ackedTotal += template.records;
        if (now >= windowStart) {
          acked += template.records;
          ackedPerTenth[Math.min(9, Math.floor((now - windowStart) / tenthMs))]! += template.records;
          latencies.push(now - sent);
          lastAnswer = Math.max(lastAnswer, now);
        }
      } else if (answer.status === 429 || answer.status === 503) {
        throttled++;
        const wait = Math.min(Number(answer.retryAfter ?? 1) * 1000, deadline - now);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`HTTP ${answer.status}: ${answer.text}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  agent.destroy();
  const seconds = (Math.max(lastAnswer, deadline) - windowStart) / 1000;
  return { acked, ackedTotal, seconds, requests, throttled, errors, errorSamples, latencies, ackedPerTenth };
}
