// OTLP/HTTP protobuf request bodies made once by the real OpenTelemetry JS SDKs and serializers
// (otlp-transformer), then varied per request in place, without re-encoding anything: the first 8
// bytes of every trace id are overwritten (each request stores traces of its own) and every
// timestamp is moved to the time of sending, as a live exporter's would be (replayed timestamps
// would put a whole run's records into a few milliseconds of data, which no real service sends
// and which defeats every time-bounded query).
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export type Signal = 'traces' | 'logs';

/** One encoded request and where its trace ids sit, so a copy can be given fresh ids cheaply. */
export interface BodyTemplate {
  readonly signal: Signal;
  readonly body: Uint8Array;
  /** Records (spans or log records) in the request. */
  readonly records: number;
  /** Byte offset of every trace id (16 bytes each) in `body`. */
  readonly traceIdOffsets: readonly number[];
  /** For each of `traceIdOffsets`, which of the template's traces the id there belongs to (0, 1, ...). */
  readonly traceIdTraces: readonly number[];
  /** Byte offset of every timestamp (fixed64 nanoseconds, little-endian) in `body`. */
  readonly timeOffsets: readonly number[];
}

const ns = ([seconds, nanos]: readonly [number, number]): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(nanos);

const TRACES_PER_REQUEST = 64;
const SPANS_PER_TRACE = 8;
export const RECORDS_PER_REQUEST = TRACES_PER_REQUEST * SPANS_PER_TRACE; // 512

const resource = () =>
  resourceFromAttributes({
    'service.name': 'checkout',
    'service.version': '1.4.2',
    'deployment.environment.name': 'bench',
    'host.name': 'bench-host',
  });

/** 64 traces of 8 spans: a server root with 8 attributes, then DB, HTTP client and internal children. */
export async function traceTemplate(): Promise<BodyTemplate> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resource(), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('@sightline/sdk', '0.1.0');
  const statuses = [200, 200, 200, 201, 204, 304, 404, 500];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const status = statuses[t % statuses.length] as number;
    const root = tracer.startSpan('GET /orders/:id', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.path': `/orders/${t}`,
        'url.scheme': 'http',
        'http.route': '/orders/:id',
        'http.response.status_code': status,
        'server.address': 'checkout.internal',
        'server.port': 8080,
        'user.id': `u${t % 50}`,
      },
    });
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    for (let s = 1; s < SPANS_PER_TRACE; s++) {
      const kind = s % 3;
      const child =
        kind === 0
          ? tracer.startSpan('render order', { kind: SpanKind.INTERNAL, attributes: { 'template.name': 'order' } }, parent)
          : kind === 1
            ? tracer.startSpan(
                'SELECT orders',
                {
                  kind: SpanKind.CLIENT,
                  attributes: {
                    'db.system.name': 'postgresql',
                    'db.query.text': 'SELECT * FROM orders WHERE id = $1',
                    'db.namespace': 'shop',
                  },
                },
                parent,
              )
            : tracer.startSpan(
                'POST /payments',
                { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'POST', 'server.address': 'payments', 'server.port': 8081 } },
                parent,
              );
      if (s === 1) child.addEvent('retry', { attempt: 1 });
      child.end();
    }
    if (status >= 500) root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
    root.end();
  }
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (body === undefined) throw new Error('ProtobufTraceSerializer returned nothing');
  const traceIds = new Set(spans.map((span) => span.spanContext().traceId));
  const times = new Set(spans.flatMap((span) => [ns(span.startTime), ns(span.endTime), ...span.events.map((event) => ns(event.time))]));
  const eventCount = spans.reduce((sum, span) => sum + span.events.length, 0);
  return {
    signal: 'traces',
    body,
    records: spans.length,
    ...idOffsetsOf(body, traceIds, spans.length),
    timeOffsets: timeOffsetsOf(body, times, spans.length * 2 + eventCount),
  };
}

/** 512 log records, 8 per trace (inside its span), with attributes; every tenth an error. */
export async function logTemplate(): Promise<BodyTemplate> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resource(), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('@sightline/sdk', '0.1.0');
  const traceIds = new Set<string>();
  for (let i = 0; i < RECORDS_PER_REQUEST; i++) {
    const traceId = `${(i >> 3).toString(16).padStart(8, '0')}4bf92f3577b34da6a3ce929d`;
    traceIds.add(traceId);
    const error = i % 10 === 0;
    logger.emit({
      severityNumber: error ? SeverityNumber.ERROR : SeverityNumber.INFO,
      severityText: error ? 'error' : 'info',
      body: error ? `payment declined for order ${i}` : `order ${i} placed`,
      attributes: { 'order.id': `o-${i}`, 'order.total': 12.5 + i, 'http.route': '/orders/:id', 'user.id': `u${i % 50}` },
      context: trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED }),
    });
  }
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  await provider.shutdown();
  const body = ProtobufLogsSerializer.serializeRequest(records);
  if (body === undefined) throw new Error('ProtobufLogsSerializer returned nothing');
  const times = new Set(records.flatMap((record) => [ns(record.hrTime), ns(record.hrTimeObserved)]));
  return {
    signal: 'logs',
    body,
    records: records.length,
    ...idOffsetsOf(body, traceIds, records.length),
    timeOffsets: timeOffsetsOf(body, times, records.length * 2),
  };
}

/**
 * Every occurrence of each trace id's 16 bytes, and which trace (the id's place in `traceIds`) it
 * is; one per record is expected (ids are random, a false match is ~impossible).
 */
function idOffsetsOf(
  body: Uint8Array,
  traceIds: ReadonlySet<string>,
  expected: number,
): Pick<BodyTemplate, 'traceIdOffsets' | 'traceIdTraces'> {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const found: [offset: number, trace: number][] = [];
  let trace = 0;
  for (const id of traceIds) {
    const needle = Buffer.from(id, 'hex');
    for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 16)) found.push([at, trace]);
    trace++;
  }
  if (found.length !== expected) throw new Error(`found ${found.length} trace ids in the body, expected ${expected}`);
  found.sort((a, b) => a[0] - b[0]);
  return { traceIdOffsets: found.map(([offset]) => offset), traceIdTraces: found.map(([, index]) => index) };
}

/** Every occurrence of each timestamp's 8 little-endian bytes (a fixed64 field's value); `expected` in all. */
function timeOffsetsOf(body: Uint8Array, times: ReadonlySet<bigint>, expected: number): number[] {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const offsets = new Set<number>();
  const needle = Buffer.alloc(8);
  for (const time of times) {
    needle.writeBigUInt64LE(time);
    for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 1)) offsets.add(at);
  }
  if (offsets.size !== expected) throw new Error(`found ${offsets.size} timestamps in the body, expected ${expected}`);
  return [...offsets].sort((a, b) => a - b);
}

/**
 * A private copy of a template whose trace ids are new in every request: the first 8 bytes are
 * `tag` (the phase and client) and a sequence number, so no two requests of a run share a trace,
 * and the last 4 bytes a hash of those and of the trace's place in the request, so the low bits
 * are as random as a real id's. The store keys lookups and its trace-id filters on the last 32
 * bits (W3C Trace Context: the random ones); ids that kept the template's low bits in every request
 * shared 64 keys across the whole run, and every lookup matched rows of thousands of traces.
 */
export class VaryingBody {
  readonly body: Buffer;
  private readonly offsets: readonly number[];
  private readonly traces: readonly number[];
  private readonly timeOffsets: readonly number[];
  /** The template's timestamps, and the newest of them (which is moved to now). */
  private readonly times: readonly bigint[];
  private readonly newest: bigint;
  private sequence = 0;

  constructor(
    template: BodyTemplate,
    private readonly tag: number,
  ) {
    this.body = Buffer.from(template.body);
    this.offsets = template.traceIdOffsets;
    this.traces = template.traceIdTraces;
    this.timeOffsets = template.timeOffsets;
    this.times = template.timeOffsets.map((offset) => this.body.readBigUInt64LE(offset));
    let newest = 0n;
    for (const time of this.times) if (time > newest) newest = time;
    this.newest = newest;
  }

  /**
   * Rewrites the trace ids and moves the timestamps in place (the newest to now, the others kept
   * at their distance from it); returns the first trace id (hex) for the API prober to look up.
   */
  next(): string {
    this.sequence++;
    for (let i = 0; i < this.offsets.length; i++) {
      const offset = this.offsets[i]!;
      this.body.writeUInt32BE(this.tag, offset);
      this.body.writeUInt32BE(this.sequence, offset + 4);
      this.body.writeUInt32BE(mix32(this.tag, this.sequence, this.traces[i]!), offset + 12);
    }
    const shift = BigInt(Date.now()) * 1_000_000n - this.newest;
    for (let i = 0; i < this.timeOffsets.length; i++) this.body.writeBigUInt64LE(this.times[i]! + shift, this.timeOffsets[i]!);
    const first = this.offsets[0] as number;
    return this.body.toString('hex', first, first + 16);
  }
}

/** murmur3's finalizer over the three numbers: distinct inputs give unrelated 32-bit values. */
function mix32(tag: number, sequence: number, trace: number): number {
  let h = (Math.imul(tag, 0x9e3779b1) ^ Math.imul(sequence, 0x85ebca77) ^ Math.imul(trace + 1, 0xc2b2ae3d)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
