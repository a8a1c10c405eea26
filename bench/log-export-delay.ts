// OTLP log export and the event loop: what the SDK's log export (a pino destination that parses
// and encodes waiting lines into OTLP requests in the background) costs the requests that arrive
// while it works, read as event-loop delay. Lines are written at a fixed rate, as a service's
// access lines would be, and exported to a real OTLP/HTTP receiver; the encoding of each batch
// runs in slices of ~0.5 ms (the default) or, for comparison, as one block per batch. Rounds
// alternate the two, so the machine's drift falls on both.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { resourceFromAttributes } from '@opentelemetry/resources';
// Not part of the SDK's public surface: the destination createObserver() builds for `log.otlp`.
import { createOtlpLogStream } from '../packages/sdk/src/log/otlp-log-stream.js';
import { median } from './lib/stats.js';
import { formatFixed, formatRatio, printTable } from './lib/table.js';

interface Options {
  /** Lines per second. */
  rate: number;
  seconds: number;
  rounds: number;
}

interface Variant {
  readonly name: string;
  /** inSlices' budget: Infinity encodes a whole batch in one turn of the event loop. */
  readonly sliceMs: number | undefined;
}

const VARIANTS: readonly Variant[] = [
  { name: 'one block per batch', sliceMs: Number.POSITIVE_INFINITY },
  { name: 'slices (default)', sliceMs: undefined },
];

interface Delay {
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** An access line as the SDK writes it, with a fresh time and request id each. */
function accessLine(i: number): string {
  return `${JSON.stringify({
    level: 30,
    time: Date.now(),
    pid: process.pid,
    hostname: 'bench',
    service: 'payments',
    request_id: `0193a0b2-1c2d-8e3f-9a4b-${String(i).padStart(12, '0')}`,
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
    method: 'POST',
    route: '/charges',
    path: '/charges',
    status: 201,
    bytes: 87,
    duration_ms: 1.234,
    remote_address: '127.0.0.1',
    user_agent: 'undici',
    msg: 'request completed',
  })}\n`;
}

async function round(endpoint: string, variant: Variant, options: Options): Promise<Delay> {
  let exportErrors = 0;
  const stream = createOtlpLogStream({
    endpoint,
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    timeoutMs: 5000,
    onQueueFull: () => {},
    onExportError: () => exportErrors++,
    ...(variant.sliceMs === undefined ? {} : { sliceMs: variant.sliceMs }),
  });
  // Lines every 2 ms, as requests spread over time would write them.
  const perTick = Math.max(1, Math.round((options.rate * 2) / 1000));
  let written = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) stream.stream.write(accessLine(written++));
  }, 2);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  histogram.disable();
  clearInterval(timer);
  await stream.shutdown(5000);
  if (exportErrors > 0) throw new Error(`${exportErrors} exports failed: the comparison needs every batch delivered`);
  const ms = (nanos: number) => nanos / 1e6;
  return {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    p999: ms(histogram.percentile(99.9)),
    max: ms(histogram.max),
  };
}

async function main(options: Options): Promise<void> {
  let received = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on('end', () => res.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`;

  const results = new Map<string, Delay[]>(VARIANTS.map((variant) => [variant.name, []]));
  for (let r = 0; r < options.rounds; r++) {
    const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      results.get(variant.name)?.push(await round(endpoint, variant, options));
    }
  }
  server.close();

  const medianOf = (name: string, key: keyof Delay) => median((results.get(name) ?? []).map((delay) => delay[key]));
  const [blocks, slices] = VARIANTS.map((variant) => variant.name) as [string, string];
  const rows = VARIANTS.map((variant) => [
    variant.name,
    ...(['p50', 'p99', 'p999', 'max'] as const).map((key) => formatFixed(medianOf(variant.name, key), 2)),
    (results.get(variant.name) ?? []).map((delay) => formatFixed(delay.p99, 2)).join(' / '),
  ]);
  printTable(
    `OTLP log export at ${options.rate} lines/s: event-loop delay in ms (timer resolution 1 ms), medians of ${options.rounds} rounds of ${options.seconds} s`,
    ['variant', 'p50', 'p99', 'p99.9', 'max', 'p99 per round'],
    rows,
    [
      `p99 one block / slices: ${formatRatio(medianOf(blocks, 'p99') / medianOf(slices, 'p99'))}; p99.9: ${formatRatio(medianOf(blocks, 'p999') / medianOf(slices, 'p999'))}`,
      `  The delay includes the 1 ms timer itself (an idle loop reads ~1.1 ms); ${(received / 2 ** 20).toFixed(1)} MiB of OTLP requests received.`,
    ],
  );
}

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '6' },
  },
});
await main({ rate: Number(values.rate), seconds: Number(values.seconds), rounds: Number(values.rounds) });
