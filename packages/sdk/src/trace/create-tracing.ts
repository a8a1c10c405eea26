import { propagation, type TextMapPropagator, type Tracer, trace } from '@opentelemetry/api';
import { CompositePropagator, type InstrumentationScope, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ResolvedTraceOptions } from '../config/index.js';
import { type DropReason, type OtlpExportError, OtlpSpanProcessor, type UndeliveredReport } from './otlp/index.js';
import { PooledIdGenerator } from './pooled-id-generator.js';
import { PreciseClock, PreciseStartProcessor } from './precise-clock.js';
import { TraceIdRatioSampler } from './ratio-sampler.js';
import { LeanServerSpans, type ServerSpans, TracerServerSpans } from './server-spans.js';

export const INSTRUMENTATION_NAME = '@sightline/sdk';

export interface TracingSetup {
  readonly tracer: Tracer;
  /** The request pass's server spans: lean (sampling first, compact spans) on our provider, the tracer's when attached. */
  readonly serverSpans: ServerSpans;
  /** Our provider when we created one; undefined when attached to the app's own setup. */
  readonly provider: TracerProvider | undefined;
  /** True when an existing global OpenTelemetry setup is used instead of ours. */
  readonly attached: boolean;
  /**
   * Extracts incoming and injects outgoing trace context. Ours even when not registered
   * globally: an isolated observer still continues its callers' traces.
   */
  readonly propagator: TextMapPropagator;
  forceFlush(): Promise<void>;
  /** Flushes within the shutdown flush deadline, then stops; never hangs on the collector. */
  shutdown(): Promise<void>;
  /** After shutdown(): the spans its flush could not deliver (none when the export is off or attached). */
  undelivered(): UndeliveredReport | undefined;
}

export interface TracingSetupOptions {
  readonly trace: ResolvedTraceOptions;
  readonly resource: Resource;
  readonly serviceVersion: string | undefined;
  /** Register as the global provider/propagator (or attach to an existing one). */
  readonly global: boolean;
  readonly extraProcessors?: readonly SpanProcessor[];
  /** Spans the export queue had to drop (full queue, export given up). */
  readonly onSpansDropped?: (count: number, reason: DropReason) => void;
  readonly onExportError?: (error: OtlpExportError) => void;
  /** Bound on the export flush at shutdown (see OtlpSpanProcessorOptions.shutdownFlushMs). */
  readonly shutdownFlushMs?: number;
}

/**
 * TraceIdRatio(1) and (0) decide like AlwaysOn/AlwaysOff, without parsing the trace id; between
 * them our TraceIdRatioSampler decides as OpenTelemetry's does, on the words `ids` made the id from.
 */
function rootSampler(ratio: number, ids: PooledIdGenerator) {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioSampler(ratio, ids);
}

function hasGlobalProvider(): boolean {
  const global = trace.getTracerProvider() as { getDelegate?: () => object };
  const delegate = global.getDelegate?.() ?? global;
  return delegate.constructor.name !== 'NoopTracerProvider';
}

/**
 * OpenTelemetry tracing: ParentBased(TraceIdRatio) sampling, W3C trace context + baggage,
 * and OtlpSpanProcessor: each span encoded to OTLP protobuf as it ends, batches sent off the
 * request path (OTel's BatchSpanProcessor serialises 512 spans inside one request's end()).
 * When the app already registered a tracer provider we attach to it rather than install a
 * second one.
 */
export function createTracing(options: TracingSetupOptions): TracingSetup {
  if (options.global && hasGlobalProvider()) return attachedTracing(options.serviceVersion);
  return ownTracing(options);
}

/** The app's own OpenTelemetry setup does the work: its tracer, its propagator; nothing of ours to flush. */
function attachedTracing(serviceVersion: string | undefined): TracingSetup {
  const tracer = trace.getTracer(INSTRUMENTATION_NAME, serviceVersion);
  return {
    tracer,
    serverSpans: new TracerServerSpans(tracer),
    provider: undefined,
    attached: true,
    propagator: propagation,
    forceFlush: async () => {},
    shutdown: async () => {},
    undelivered: () => undefined,
  };
}

/** The span exporter the options ask for; undefined when tracing or its export is off. */
function createExporter(options: TracingSetupOptions): OtlpSpanProcessor | undefined {
  const { trace: config } = options;
  if (!config.enabled || config.exporter !== 'otlp') return undefined;
  return new OtlpSpanProcessor({
    url: config.endpoint,
    headers: config.headers,
    timeoutMs: config.exportTimeoutMs,
    maxQueueSize: config.maxQueueSize,
    maxExportBatchSize: config.maxExportBatchSize,
    scheduledDelayMs: config.scheduledDelayMs,
    resource: options.resource,
    onDropped: options.onSpansDropped,
    onExportError: options.onExportError,
    ...(options.shutdownFlushMs === undefined ? {} : { shutdownFlushMs: options.shutdownFlushMs }),
  });
}

/** Our provider, sampler, propagator and lean server spans, registered globally when asked. */
function ownTracing(options: TracingSetupOptions): TracingSetup {
  const { trace: config } = options;
  // One clock for every span of our provider; its processor goes first, so the others see the start it sets.
  const clock = new PreciseClock();
  const exporter = createExporter(options);
  const processors: SpanProcessor[] = [new PreciseStartProcessor(clock), ...(options.extraProcessors ?? [])];
  if (exporter !== undefined) processors.push(exporter);
  const idGenerator = new PooledIdGenerator();
  const root = config.enabled ? rootSampler(config.sampleRatio, idGenerator) : new AlwaysOffSampler();
  const sampler = config.enabled ? new ParentBasedSampler({ root }) : root;
  const provider = new TracerProvider({ resource: options.resource, sampler, idGenerator, spanProcessors: processors });
  const tracer = provider.getTracer(INSTRUMENTATION_NAME, options.serviceVersion);
  const serverSpans = new LeanServerSpans({
    sampler,
    rootSampler: root,
    idGenerator,
    resource: options.resource,
    // The tracer's own scope object: the exporter groups spans by scope identity, so server spans
    // and the tracer's other spans share one ScopeSpans.
    instrumentationScope: (tracer as unknown as { instrumentationScope: InstrumentationScope }).instrumentationScope,
    processors,
    clock,
  });

  const propagator = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
  const registered = options.global && trace.setGlobalTracerProvider(provider);
  if (options.global) propagation.setGlobalPropagator(propagator);
  return {
    tracer,
    serverSpans,
    provider,
    attached: false,
    propagator,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      if (registered) {
        trace.disable();
        propagation.disable();
      }
    },
    undelivered: () => exporter?.undelivered(),
  };
}
