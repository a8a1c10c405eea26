// Span encoding: OpenTelemetry's ProtobufTraceSerializer.serializeRequest (what the OTLP proto
// exporter runs on a whole batch, inside the span.end() that fills it) vs Sightline's encoder,
// which writes each span to protobuf as it ends and later copies the bytes into a request.
// Same 512 server spans with 8 attributes each. This is the measurement behind that design.
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
// The encoder the SDK's span export runs (from @sightline/otlp): the bench measures it directly.
import { ExportRequestEncoder, SpanBatch, SpanEncoder } from '@sightline/otlp/encode';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from './lib/table.js';
import { measureRounds, parseRoundsArgs } from './lib/timed-rounds.js';

export interface SpanEncodeBenchOptions {
  /** Time each variant runs per round. */
  millisPerRound: number;
  rounds: number;
}

interface Variant {
  readonly name: string;
  readonly note: string;
  /** Encodes the whole batch once; returns the request size in bytes (0 when no request is built). */
  readonly run: () => number;
}

const SPANS = 512;

/** 512 ended server spans as the HTTP middleware makes them: 8 attributes, half continuing a remote trace. */
export async function serverSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.version': '1.4.2',
      'deployment.environment.name': 'production',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('@sightline/sdk', '0.1.0');
  const statuses = [200, 200, 200, 201, 204, 304, 404, 500];
  for (let i = 0; i < SPANS; i++) {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: `${(i + 1).toString(16).padStart(8, '0')}16cd43dd8448eb211c80319c`,
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const span = tracer.startSpan(
      'GET /users/:id',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'url.path': `/users/${i}`,
          'url.scheme': 'http',
          'http.route': '/users/:id',
          'http.response.status_code': statuses[i % statuses.length] as number,
          'server.address': 'checkout.internal',
          'server.port': 8080,
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        },
      },
      i % 2 === 0 ? parent : ROOT_CONTEXT,
    );
    span.end();
  }
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

function variants(spans: readonly ReadableSpan[]): Variant[] {
  const encoder = new SpanEncoder();
  const batch = new SpanBatch();
  const requests = new ExportRequestEncoder(spans[0]?.resource ?? resourceFromAttributes({}), encoder);
  const all = [...spans];
  return [
    {
      name: 'OTel serializeRequest',
      note: 'baseline: ProtobufTraceSerializer.serializeRequest(512 spans), size pass + write pass',
      run: () => ProtobufTraceSerializer.serializeRequest(all)?.length ?? 0,
    },
    {
      name: 'Sightline encode + request',
      note: 'the design: each span encoded as it ends, then one ExportTraceServiceRequest built',
      run: () => {
        for (let i = 0; i < all.length; i++) batch.add(all[i] as ReadableSpan, encoder);
        const size = requests.encode(batch).length;
        batch.reset();
        return size;
      },
    },
    {
      name: 'Sightline encode only',
      note: 'the share paid in onEnd(): span to bytes, no request (built later, off the request path)',
      run: () => {
        for (let i = 0; i < all.length; i++) batch.add(all[i] as ReadableSpan, encoder);
        batch.reset();
        return 0;
      },
    },
  ];
}

export async function runSpanEncodeBench(options: SpanEncodeBenchOptions): Promise<void> {
  const list = variants(await serverSpans());
  const sizes = new Map<string, number>(list.map((variant) => [variant.name, variant.run()]));
  const rates = measureRounds(
    list.map((variant) => ({ name: variant.name, opsPerRun: 1, run: () => variant.run() })),
    options,
  );
  const baseline = median(rates.get(list[0]?.name as string) as number[]);
  printTable(
    `Span encoding: ${SPANS} server spans with 8 attributes per op, ${options.rounds} rounds x ${options.millisPerRound} ms, medians`,
    ['variant', 'ops/s', 'ns/span', 'vs OTel', 'bytes', 'what'],
    list.map((variant) => {
      const rate = median(rates.get(variant.name) as number[]);
      const size = sizes.get(variant.name) as number;
      return [
        variant.name,
        formatCount(rate),
        formatFixed(1e9 / rate / SPANS),
        formatRatio(rate / baseline),
        size ? formatCount(size) : '-',
        variant.note,
      ];
    }),
    [
      `ops/s: batches of ${SPANS} spans per second; vs OTel: throughput ratio, higher is faster.`,
      'bytes: request size; Sightline leaves out zero-valued fields (dropped counts, an UNSET status) that OTel writes.',
    ],
  );
}

export function parseSpanEncodeArgs(args: readonly string[]): SpanEncodeBenchOptions {
  return parseRoundsArgs(args, 'encode');
}

if (isEntryPoint(import.meta.url)) await runSpanEncodeBench(parseSpanEncodeArgs(process.argv.slice(2)));
