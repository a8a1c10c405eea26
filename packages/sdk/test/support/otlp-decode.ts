/**
 * A small reader for the OTLP/HTTP protobuf payloads our exporter sends, so tests can check
 * spans on the wire without a collector. Field numbers follow opentelemetry-proto:
 * collector/trace/v1/trace_service.proto, trace/v1/trace.proto, common/v1/common.proto and
 * resource/v1/resource.proto. Unknown fields are skipped, as protobuf requires.
 */

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const WIRE_NAMES: Record<number, string> = { 0: 'varint', 1: 'fixed64', 2: 'length-delimited', 5: 'fixed32' };

/** Span.SpanKind values. */
export const SPAN_KIND = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** Status.StatusCode values. */
export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** AnyValue; int64 becomes a number when it is a safe integer, a bigint otherwise. */
export type AttributeValue = string | boolean | number | bigint | Uint8Array | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface DecodedEvent {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface DecodedLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly flags: number;
}

export interface DecodedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for a root span (the field is empty on the wire). */
  readonly parentSpanId: string | undefined;
  readonly traceState: string;
  readonly flags: number;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly events: readonly DecodedEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly DecodedLink[];
  readonly droppedLinksCount: number;
  readonly status: { readonly code: number; readonly message: string };
}

export interface DecodedScopeSpans {
  readonly scope: { readonly name: string; readonly version: string; readonly attributes: Attributes };
  readonly spans: readonly DecodedSpan[];
  readonly schemaUrl: string;
}

export interface DecodedResourceSpans {
  readonly resource: Attributes;
  readonly scopeSpans: readonly DecodedScopeSpans[];
  readonly schemaUrl: string;
}

export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads one message's fields in order; every accessor checks the wire type of the last tag. */
export class ProtoReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #end: number;
  #offset: number;
  #wireType = -1;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#offset = 0;
    this.#end = bytes.length;
  }

  done(): boolean {
    return this.#offset >= this.#end;
  }

  /** The next field number; its wire type is checked by the accessor that reads the value. */
  field(): number {
    const tag = this.#varint('tag');
    this.#wireType = Number(tag & 7n);
    const field = Number(tag >> 3n);
    if (field === 0) throw new OtlpDecodeError(`field number 0 at byte ${this.#offset} is invalid`);
    return field;
  }

  uint64(name: string): bigint {
    this.#expect(WIRE_VARINT, name);
    return this.#varint(name);
  }

  int64(name: string): bigint {
    return BigInt.asIntN(64, this.uint64(name));
  }

  uint32(name: string): number {
    return Number(BigInt.asUintN(32, this.uint64(name)));
  }

  bool(name: string): boolean {
    return this.uint64(name) !== 0n;
  }

  fixed64(name: string): bigint {
    this.#expect(WIRE_FIXED64, name);
    return this.#view.getBigUint64(this.#take(8, name), true);
  }

  fixed32(name: string): number {
    this.#expect(WIRE_FIXED32, name);
    return this.#view.getUint32(this.#take(4, name), true);
  }

  double(name: string): number {
    this.#expect(WIRE_FIXED64, name);
    return this.#view.getFloat64(this.#take(8, name), true);
  }

  bytes(name: string): Uint8Array {
    this.#expect(WIRE_LENGTH_DELIMITED, name);
    const length = Number(this.#varint(name));
    const start = this.#take(length, name);
    return this.#bytes.subarray(start, start + length);
  }

  string(name: string): string {
    const bytes = this.bytes(name);
    try {
      return utf8.decode(bytes);
    } catch {
      throw new OtlpDecodeError(`${name}: not valid UTF-8`);
    }
  }

  /** A reader over an embedded message; this reader moves past it. */
  message(name: string): ProtoReader {
    return new ProtoReader(this.bytes(name));
  }

  /** Skips the value of a field this decoder does not know. */
  skip(): void {
    switch (this.#wireType) {
      case WIRE_VARINT:
        this.#varint('unknown field');
        return;
      case WIRE_FIXED64:
        this.#take(8, 'unknown field');
        return;
      case WIRE_LENGTH_DELIMITED:
        this.bytes('unknown field');
        return;
      case WIRE_FIXED32:
        this.#take(4, 'unknown field');
        return;
      default:
        throw new OtlpDecodeError(`unsupported wire type ${this.#wireType} at byte ${this.#offset}`);
    }
  }

  #expect(wireType: number, name: string): void {
    if (this.#wireType !== wireType) {
      const got = WIRE_NAMES[this.#wireType] ?? String(this.#wireType);
      throw new OtlpDecodeError(`${name}: expected wire type ${WIRE_NAMES[wireType]}, got ${got}`);
    }
  }

  /** Advances past `length` bytes and returns where they start. */
  #take(length: number, name: string): number {
    const start = this.#offset;
    if (length < 0 || start + length > this.#end) {
      throw new OtlpDecodeError(`${name}: ${length} bytes at byte ${start} run past the end of the message`);
    }
    this.#offset = start + length;
    return start;
  }

  #varint(name: string): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.#bytes[this.#take(1, name)] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new OtlpDecodeError(`${name}: varint longer than 10 bytes`);
  }
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function toNumberIfSafe(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

export function decodeAnyValue(reader: ProtoReader): AttributeValue {
  let value: AttributeValue = '';
  while (!reader.done()) {
    switch (reader.field()) {
      case 1:
        value = reader.string('AnyValue.string_value');
        break;
      case 2:
        value = reader.bool('AnyValue.bool_value');
        break;
      case 3:
        value = toNumberIfSafe(reader.int64('AnyValue.int_value'));
        break;
      case 4:
        value = reader.double('AnyValue.double_value');
        break;
      case 5:
        value = decodeArrayValue(reader.message('AnyValue.array_value'));
        break;
      case 6:
        value = decodeKeyValues(reader.message('AnyValue.kvlist_value'), 1);
        break;
      case 7:
        value = reader.bytes('AnyValue.bytes_value');
        break;
      default:
        reader.skip();
    }
  }
  return value;
}

function decodeArrayValue(reader: ProtoReader): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (!reader.done()) {
    if (reader.field() === 1) values.push(decodeAnyValue(reader.message('ArrayValue.values')));
    else reader.skip();
  }
  return values;
}

export function decodeKeyValue(reader: ProtoReader, into: Attributes): void {
  let key = '';
  let value: AttributeValue = '';
  while (!reader.done()) {
    const field = reader.field();
    if (field === 1) key = reader.string('KeyValue.key');
    else if (field === 2) value = decodeAnyValue(reader.message('KeyValue.value'));
    else reader.skip();
  }
  into[key] = value;
}

/** Reads the repeated KeyValue at `field` of the message in `reader` into one object. */
export function decodeKeyValues(reader: ProtoReader, field: number, into: Attributes = {}): Attributes {
  while (!reader.done()) {
    if (reader.field() === field) decodeKeyValue(reader.message('KeyValue'), into);
    else reader.skip();
  }
  return into;
}

function decodeEvent(reader: ProtoReader): DecodedEvent {
  let name = '';
  let timeUnixNano = 0n;
  const attributes: Attributes = {};
  let droppedAttributesCount = 0;
  while (!reader.done()) {
    const field = reader.field();
    if (field === 1) timeUnixNano = reader.fixed64('Event.time_unix_nano');
    else if (field === 2) name = reader.string('Event.name');
    else if (field === 3) decodeKeyValue(reader.message('Event.attributes'), attributes);
    else if (field === 4) droppedAttributesCount = reader.uint32('Event.dropped_attributes_count');
    else reader.skip();
  }
  return { name, timeUnixNano, attributes, droppedAttributesCount };
}

function decodeLink(reader: ProtoReader): DecodedLink {
  const link = { traceId: '', spanId: '', traceState: '', attributes: {} as Attributes, droppedAttributesCount: 0, flags: 0 };
  while (!reader.done()) {
    switch (reader.field()) {
      case 1:
        link.traceId = hex(reader.bytes('Link.trace_id'));
        break;
      case 2:
        link.spanId = hex(reader.bytes('Link.span_id'));
        break;
      case 3:
        link.traceState = reader.string('Link.trace_state');
        break;
      case 4:
        decodeKeyValue(reader.message('Link.attributes'), link.attributes);
        break;
      case 5:
        link.droppedAttributesCount = reader.uint32('Link.dropped_attributes_count');
        break;
      case 6:
        link.flags = reader.fixed32('Link.flags');
        break;
      default:
        reader.skip();
    }
  }
  return link;
}

function decodeStatus(reader: ProtoReader): DecodedSpan['status'] {
  let code = 0;
  let message = '';
  while (!reader.done()) {
    const field = reader.field();
    if (field === 2) message = reader.string('Status.message');
    else if (field === 3) code = reader.uint32('Status.code');
    else reader.skip();
  }
  return { code, message };
}

function decodeSpan(reader: ProtoReader): DecodedSpan {
  const span = {
    traceId: '',
    spanId: '',
    parentSpanId: undefined as string | undefined,
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {} as Attributes,
    droppedAttributesCount: 0,
    events: [] as DecodedEvent[],
    droppedEventsCount: 0,
    links: [] as DecodedLink[],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
  };
  while (!reader.done()) {
    switch (reader.field()) {
      case 1:
        span.traceId = hex(reader.bytes('Span.trace_id'));
        break;
      case 2:
        span.spanId = hex(reader.bytes('Span.span_id'));
        break;
      case 3:
        span.traceState = reader.string('Span.trace_state');
        break;
      case 4: {
        const parent = reader.bytes('Span.parent_span_id');
        span.parentSpanId = parent.length === 0 ? undefined : hex(parent);
        break;
      }
      case 5:
        span.name = reader.string('Span.name');
        break;
      case 6:
        span.kind = reader.uint32('Span.kind');
        break;
      case 7:
        span.startTimeUnixNano = reader.fixed64('Span.start_time_unix_nano');
        break;
      case 8:
        span.endTimeUnixNano = reader.fixed64('Span.end_time_unix_nano');
        break;
      case 9:
        decodeKeyValue(reader.message('Span.attributes'), span.attributes);
        break;
      case 10:
        span.droppedAttributesCount = reader.uint32('Span.dropped_attributes_count');
        break;
      case 11:
        span.events.push(decodeEvent(reader.message('Span.events')));
        break;
      case 12:
        span.droppedEventsCount = reader.uint32('Span.dropped_events_count');
        break;
      case 13:
        span.links.push(decodeLink(reader.message('Span.links')));
        break;
      case 14:
        span.droppedLinksCount = reader.uint32('Span.dropped_links_count');
        break;
      case 15:
        span.status = decodeStatus(reader.message('Span.status'));
        break;
      case 16:
        span.flags = reader.fixed32('Span.flags');
        break;
      default:
        reader.skip();
    }
  }
  return span;
}

function decodeScope(reader: ProtoReader): DecodedScopeSpans['scope'] {
  let name = '';
  let version = '';
  const attributes: Attributes = {};
  while (!reader.done()) {
    const field = reader.field();
    if (field === 1) name = reader.string('InstrumentationScope.name');
    else if (field === 2) version = reader.string('InstrumentationScope.version');
    else if (field === 3) decodeKeyValue(reader.message('InstrumentationScope.attributes'), attributes);
    else reader.skip();
  }
  return { name, version, attributes };
}

function decodeScopeSpans(reader: ProtoReader): DecodedScopeSpans {
  let scope: DecodedScopeSpans['scope'] = { name: '', version: '', attributes: {} };
  const spans: DecodedSpan[] = [];
  let schemaUrl = '';
  while (!reader.done()) {
    const field = reader.field();
    if (field === 1) scope = decodeScope(reader.message('ScopeSpans.scope'));
    else if (field === 2) spans.push(decodeSpan(reader.message('ScopeSpans.spans')));
    else if (field === 3) schemaUrl = reader.string('ScopeSpans.schema_url');
    else reader.skip();
  }
  return { scope, spans, schemaUrl };
}

function decodeResourceSpans(reader: ProtoReader): DecodedResourceSpans {
  let resource: Attributes = {};
  const scopeSpans: DecodedScopeSpans[] = [];
  let schemaUrl = '';
  while (!reader.done()) {
    const field = reader.field();
    // Resource.attributes is field 1 of the Resource message.
    if (field === 1) resource = decodeKeyValues(reader.message('ResourceSpans.resource'), 1);
    else if (field === 2) scopeSpans.push(decodeScopeSpans(reader.message('ResourceSpans.scope_spans')));
    else if (field === 3) schemaUrl = reader.string('ResourceSpans.schema_url');
    else reader.skip();
  }
  return { resource, scopeSpans, schemaUrl };
}

/** Decodes an ExportTraceServiceRequest body; throws OtlpDecodeError naming the bad field. */
export function decodeExportTraceServiceRequest(body: Uint8Array): DecodedResourceSpans[] {
  const reader = new ProtoReader(body);
  const resourceSpans: DecodedResourceSpans[] = [];
  while (!reader.done()) {
    if (reader.field() === 1) resourceSpans.push(decodeResourceSpans(reader.message('ExportTraceServiceRequest.resource_spans')));
    else reader.skip();
  }
  return resourceSpans;
}
