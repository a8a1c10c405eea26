import type { HrTime } from '../protobuf/index.js';

/**
 * What the encoders take: plain values, shaped like OpenTelemetry JS's own so that its
 * `ReadableSpan`, `ReadableLogRecord`, `Resource` and `InstrumentationScope` pass as they are
 * (no copy on the hot path), while a hand-made object literal works as well. Nothing here
 * needs an OpenTelemetry package at run time.
 */

/**
 * Attribute maps: `string`, `number` (an integer in int64's range is `int_value`, anything
 * else `double_value`), `boolean`, `Uint8Array` (bytes), arrays and plain objects (key-value
 * lists) of those. `null`, `undefined` and other types become an empty AnyValue, as OTel JS writes them.
 */
export type AttributesInput = Readonly<Record<string, unknown>>;

export interface ResourceInput {
  readonly attributes: AttributesInput;
  readonly schemaUrl?: string | undefined;
}

export interface ScopeInput {
  readonly name: string;
  readonly version?: string | undefined;
  readonly schemaUrl?: string | undefined;
  readonly attributes?: AttributesInput | undefined;
  readonly droppedAttributesCount?: number | undefined;
}

export interface SpanContextInput {
  /** 32 hex digits. */
  readonly traceId: string;
  /** 16 hex digits. */
  readonly spanId: string;
  /** W3C trace flags (bit 0: sampled). */
  readonly traceFlags: number;
  readonly isRemote?: boolean | undefined;
  /** The W3C tracestate, written as `serialize()` returns it. */
  readonly traceState?: { serialize(): string } | undefined;
}

export interface SpanEventInput {
  readonly name: string;
  readonly time: HrTime;
  readonly attributes?: AttributesInput | undefined;
  readonly droppedAttributesCount?: number | undefined;
}

export interface SpanLinkInput {
  readonly context: SpanContextInput;
  readonly attributes?: AttributesInput | undefined;
  readonly droppedAttributesCount?: number | undefined;
}

/**
 * A span's trace id and span id as the big-endian 32-bit words of their bytes (each as a signed
 * 32-bit integer, `| 0`): 16 bytes of trace id in `trace0`-`trace3`, 8 of span id in `span0`-`span1`.
 */
export interface SpanIdWords {
  readonly trace0: number;
  readonly trace1: number;
  readonly trace2: number;
  readonly trace3: number;
  readonly span0: number;
  readonly span1: number;
}

/** A finished span (OTel JS's `ReadableSpan` fits). */
export interface SpanInput {
  readonly name: string;
  /** The OpenTelemetry API's SpanKind (INTERNAL = 0 … CONSUMER = 4); OTLP's enum is this plus one. */
  readonly kind: number;
  spanContext(): SpanContextInput;
  readonly parentSpanContext?: SpanContextInput | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: AttributesInput;
  readonly droppedAttributesCount?: number | undefined;
  readonly events: readonly SpanEventInput[];
  readonly droppedEventsCount?: number | undefined;
  readonly links: readonly SpanLinkInput[];
  readonly droppedLinksCount?: number | undefined;
  /** code: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message?: string | undefined };
  readonly instrumentationScope: ScopeInput;
  /**
   * The bytes of `spanContext()`'s trace id and span id, when the span's maker still has them at
   * hand (Sightline's own spans): written as they are instead of decoding 48 hex digits. They must
   * be the bytes those hex ids spell; without them the ids are decoded.
   */
  readonly idWords?: SpanIdWords | undefined;
}

/** A log record (OTel JS's `ReadableLogRecord` fits). */
export interface LogRecordInput {
  readonly hrTime: HrTime;
  readonly hrTimeObserved: HrTime;
  /** SeverityNumber: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL. */
  readonly severityNumber?: number | undefined;
  readonly severityText?: string | undefined;
  /** Any AnyValue, as attribute values; `undefined` writes an empty body. */
  readonly body?: unknown;
  readonly eventName?: string | undefined;
  readonly attributes: AttributesInput;
  readonly droppedAttributesCount?: number | undefined;
  /** The span the record was emitted in: trace id, span id and flags. */
  readonly spanContext?: Pick<SpanContextInput, 'traceId' | 'spanId' | 'traceFlags'> | undefined;
}
