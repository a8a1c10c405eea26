import {
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
} from '@opentelemetry/api';
import { hrTimeDuration, isAttributeValue, isTimeInputHrTime, millisToHrTime, sanitizeAttributes } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Span as SdkSpan, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace';
import type { SpanIdWords } from '@sightline/otlp/encode';
import type { PreciseClock } from './precise-clock.js';

/** The SDK's default span limits (OTEL_SPAN_*_COUNT_LIMIT unset): at most 128 attributes, events, links. */
const COUNT_LIMIT = 128;
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
/** Shared by every span without events or links, until its first one. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** What every span of one tracer shares, built once at setup. */
export interface SpanSite {
  readonly resource: Resource;
  readonly instrumentationScope: ReadableSpan['instrumentationScope'];
  readonly processors: readonly SpanProcessor[];
  /** The process's clock, shared with the provider's other spans (see PreciseClock). */
  readonly clock: PreciseClock;
}

/**
 * A recording span kept as a compact record: ids, name, times as numbers, one attribute object
 * and, only when used, events and links. It implements the OpenTelemetry API's `Span` (what
 * `trace.getActiveSpan()` and instrumentations see) and the SDK's `ReadableSpan` (what span
 * processors and the OTLP encoder read at end), so it needs none of SpanImpl's per-span
 * set-up: no limits object, no hrtime arrays until read, no per-attribute sanitizing of the
 * attributes the request pass knows to be valid.
 */
export class CompactSpan implements SdkSpan {
  readonly #site: SpanSite;
  readonly #spanContext: SpanContext;
  readonly parentSpanContext: SpanContext | undefined;
  readonly kind: SpanKind;
  name: string;
  attributes: Attributes;
  #attributeCount: number;
  droppedAttributesCount = 0;
  events: TimedEvent[] = NONE;
  droppedEventsCount = 0;
  links: Link[] = NONE;
  droppedLinksCount = 0;
  status: SpanStatus = UNSET;
  /** Its ids' bytes, when the id generator had them at hand (the OTLP encoder writes them instead of decoding the hex ids). */
  readonly idWords: SpanIdWords | undefined;
  /** Wall clock at start (ms, with a fraction); later times are start plus the monotonic clock's elapsed time, as in SpanImpl. */
  readonly #startMs: number;
  readonly #startPerformance: number;
  #endMs = -1;
  #startTime: HrTime | undefined;
  #endTime: HrTime | undefined;

  /**
   * `attributes` is adopted as it is: the caller vouches that every value is a valid attribute
   * value, for `attributeCount`, when it passes one, that it is the number of its keys, and for
   * `idWords` that they are the bytes of the context's trace id and span id.
   */
  constructor(
    site: SpanSite,
    spanContext: SpanContext,
    parent: SpanContext | undefined,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    attributeCount = Object.keys(attributes).length,
    idWords?: SpanIdWords,
  ) {
    this.#site = site;
    this.#spanContext = spanContext;
    this.parentSpanContext = parent;
    this.name = name;
    this.kind = kind;
    this.attributes = attributes;
    this.#attributeCount = attributeCount;
    this.idWords = idWords;
    // Sampled before the monotonic reading: the start is never behind a Date.now() read before the span.
    this.#startPerformance = site.clock.sampledNow();
    this.#startMs = site.clock.offsetMs + this.#startPerformance;
  }

  /** Runs the processors' onStart; separate from the constructor so that the span is whole when they see it. */
  started(parentContext: Context): this {
    const processors = this.#site.processors;
    for (let i = 0; i < processors.length; i++) (processors[i] as SpanProcessor).onStart(this, parentContext);
    return this;
  }

  spanContext(): SpanContext {
    return this.#spanContext;
  }

  get resource(): Resource {
    return this.#site.resource;
  }

  get instrumentationScope(): ReadableSpan['instrumentationScope'] {
    return this.#site.instrumentationScope;
  }

  get startTime(): HrTime {
    this.#startTime ??= millisToHrTime(this.#startMs);
    return this.#startTime;
  }

  get endTime(): HrTime {
    if (this.#endMs < 0) return [0, 0];
    this.#endTime ??= millisToHrTime(this.#endMs);
    return this.#endTime;
  }

  get duration(): HrTime {
    return this.#endMs < 0 ? [-1, -1] : hrTimeDuration(this.startTime, this.endTime);
  }

  get ended(): boolean {
    return this.#endMs >= 0;
  }

  isRecording(): boolean {
    return this.#endMs < 0;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value == null || this.#endMs >= 0 || key.length === 0) return this;
    // Scalars (what the pass and most instrumentations set) need no deeper check than their type.
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && !isAttributeValue(value)) return this;
    // No stored value is undefined (null and undefined are refused above): undefined means a new key.
    if ((this.attributes[key] === undefined || !Object.hasOwn(this.attributes, key)) && !this.#roomForOne()) return this;
    this.attributes[key] = value;
    return this;
  }

  /**
   * The server span's closing attributes, as setAttribute('http.response.status_code', status) and
   * setAttribute('http.route', route) set them (each left out when undefined), with the keys written
   * out: through setAttribute() their computed keys leave its property accesses megamorphic, a
   * slow lookup on every request.
   */
  setServerOutcome(status: number | undefined, route: string | undefined): void {
    if (this.#endMs >= 0) return;
    const attributes = this.attributes;
    if (status !== undefined && (attributes['http.response.status_code'] !== undefined || this.#roomForOne())) {
      attributes['http.response.status_code'] = status;
    }
    if (route !== undefined && (attributes['http.route'] !== undefined || this.#roomForOne())) attributes['http.route'] = route;
  }

  /** Counts a new attribute in; false (and counted as dropped) past the limit. */
  #roomForOne(): boolean {
    if (this.#attributeCount >= COUNT_LIMIT) {
      this.droppedAttributesCount++;
      return false;
    }
    this.#attributeCount++;
    return true;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) if (Object.hasOwn(attributes, key)) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#endMs >= 0) return this;
    let attributes = attributesOrTime as Attributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      time ??= attributesOrTime;
      attributes = undefined;
    }
    if ((this.events as unknown) === NONE) this.events = [];
    if (this.events.length >= COUNT_LIMIT) {
      this.events.shift();
      this.droppedEventsCount++;
    }
    this.events.push({ name, attributes: sanitizeAttributes(attributes), time: this.#time(time), droppedAttributesCount: 0 });
    return this;
  }

  addLink(link: Link): this {
    if (this.#endMs >= 0) return this;
    if ((this.links as unknown) === NONE) this.links = [];
    if (this.links.length >= COUNT_LIMIT) {
      this.links.shift();
      this.droppedLinksCount++;
    }
    const attributes = sanitizeAttributes(link.attributes);
    this.links.push(Object.keys(attributes).length > 0 ? { context: link.context, attributes } : { context: link.context });
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  /** As SpanImpl: UNSET changes nothing, OK is final, a message only with ERROR. */
  setStatus(status: SpanStatus): this {
    if (this.#endMs >= 0 || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status =
      status.code === SpanStatusCode.ERROR && typeof status.message === 'string'
        ? { code: status.code, message: status.message }
        : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (this.#endMs < 0) this.name = name;
    return this;
  }

  /** As SpanImpl: the `exception` event with type (the error's code, else its name), message and stack. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      if (exception.code) attributes['exception.type'] = String(exception.code);
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, time);
  }

  end(endTime?: TimeInput): void {
    if (this.#endMs >= 0) return;
    const endMs = endTime === undefined ? this.#now() : toMillis(endTime, this);
    this.#endMs = Math.max(endMs, this.#startMs);
    const processors = this.#site.processors;
    for (let i = 0; i < processors.length; i++) (processors[i] as SpanProcessor).onEnding?.(this);
    for (let i = 0; i < processors.length; i++) (processors[i] as SpanProcessor).onEnd(this);
  }

  #now(): number {
    return this.#startMs + (performance.now() - this.#startPerformance);
  }

  #time(time: TimeInput | undefined): HrTime {
    return time === undefined ? millisToHrTime(this.#now()) : isTimeInputHrTime(time) ? time : millisToHrTime(toMillis(time, this));
  }

  /** A performance.now() reading taken during this span, as wall-clock ms. */
  fromPerformance(ms: number): number {
    return this.#startMs + (ms - this.#startPerformance);
  }
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || isTimeInputHrTime(value);
}

/** As SpanImpl: a number up to performance.now() is a performance timestamp, a larger one epoch ms. */
function toMillis(time: TimeInput, span: CompactSpan): number {
  if (typeof time === 'number') return time <= performance.now() ? span.fromPerformance(time) : time;
  if (time instanceof Date) return time.getTime();
  return time[0] * 1000 + time[1] / 1e6;
}
