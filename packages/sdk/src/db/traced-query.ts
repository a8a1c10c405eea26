import { type Attributes, type Context, context, type Span, SpanKind, TraceFlags, type Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { recordSpanError } from '../trace/index.js';
import type { DbClientMetrics } from './db-client-metrics.js';
import type { QueryInfo, QueryInfoCache } from './query-info.js';

/** What every query of one instrumented pool shares, built once in instrumentPool(). */
export interface PoolInstrumentation {
  readonly tracer: Tracer;
  readonly logger: Logger;
  readonly metrics: DbClientMetrics | undefined;
  readonly queries: QueryInfoCache;
  /** db.system.name, db.namespace, server.address, server.port. */
  readonly attributes: Attributes;
  readonly slowQueryMs: number;
  readonly poolName: string;
  readonly reportInternalError: (component: string, error: unknown) => void;
}

export type QueryFunction = (this: unknown, ...args: unknown[]) => unknown;
type Callback = (this: unknown, ...args: unknown[]) => unknown;

const SQLSTATE = /^[0-9A-Z]{5}$/;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** pg's DatabaseError carries the SQLSTATE in `code`; Node's socket errors carry ECONNREFUSED etc. */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name || 'Error' : '_OTHER';
}

/** One query in flight: its client span, start time and the context it was issued in. */
class QueryRecording {
  readonly #instrumentation: PoolInstrumentation;
  readonly #info: QueryInfo;
  readonly #span: Span;
  readonly #started = performance.now();
  #finished = false;
  readonly parent: Context;

  constructor(instrumentation: PoolInstrumentation, info: QueryInfo) {
    this.#instrumentation = instrumentation;
    this.#info = info;
    this.parent = context.active();
    const attributes: Attributes = { ...instrumentation.attributes, 'db.query.text': info.text };
    if (info.operation !== undefined) attributes['db.operation.name'] = info.operation;
    if (info.collection !== undefined) attributes['db.collection.name'] = info.collection;
    this.#span = instrumentation.tracer.startSpan(info.spanName, { kind: SpanKind.CLIENT, attributes }, this.parent);
  }

  /** Ends the span and records metrics and the slow-query line; never throws into the app. */
  finish(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    try {
      this.#finish(error);
    } catch (internal) {
      this.#instrumentation.reportInternalError('db', internal);
    }
  }

  #finish(error: unknown): void {
    const instrumentation = this.#instrumentation;
    const info = this.#info;
    const span = this.#span;
    const durationMs = performance.now() - this.#started;
    const type = error === undefined || error === null ? undefined : errorType(error);
    if (type !== undefined) {
      recordSpanError(span, error);
      span.setAttribute('error.type', type);
      if (SQLSTATE.test(type)) span.setAttribute('db.response.status_code', type);
    }
    span.end();

    const metrics = instrumentation.metrics;
    if (metrics !== undefined) {
      const operation = info.operation ?? '';
      const collection = info.collection ?? '';
      const series = metrics.durationSeries(operation, collection);
      const spanContext = span.spanContext();
      if ((spanContext.traceFlags & TraceFlags.SAMPLED) !== 0) {
        series.observeWithExemplar(durationMs / 1000, spanContext.traceId, spanContext.spanId);
      } else {
        series.observe(durationMs / 1000);
      }
      if (type !== undefined) metrics.errors.inc({ db_operation_name: operation, db_collection_name: collection, error_type: type });
    }

    if (durationMs >= instrumentation.slowQueryMs && instrumentation.logger.isLevelEnabled('warn')) {
      instrumentation.logger.warn(
        {
          statement: info.text,
          duration_ms: Math.round(durationMs * 1000) / 1000,
          operation: info.operation,
          table: info.collection,
          pool: instrumentation.poolName,
        },
        'slow query',
      );
    }
  }

  /** The app's callback, run in the context the query was issued in, after the span ends. */
  wrapCallback(callback: Callback): Callback {
    const recording = this;
    return context.bind(this.parent, function tracedCallback(this: unknown, ...args: unknown[]) {
      recording.finish(args[0]);
      return callback.apply(this, args);
    });
  }
}

/**
 * Runs one pg `query(text | config, values?, callback?)` call inside a CLIENT span. Callback
 * and promise forms are both traced; submittables (pg-cursor, pg-query-stream: objects with
 * `submit`) and anything without SQL text pass through untouched.
 */
export function traceQuery(instrumentation: PoolInstrumentation, query: QueryFunction, target: unknown, args: unknown[]): unknown {
  const first = args[0] as { text?: unknown; submit?: unknown; callback?: unknown } | string | null | undefined;
  const sql = typeof first === 'string' ? first : typeof first === 'object' && first !== null ? first.text : undefined;
  if (typeof sql !== 'string' || (typeof first === 'object' && typeof first?.submit === 'function')) return query.apply(target, args);

  let recording: QueryRecording;
  try {
    recording = new QueryRecording(instrumentation, instrumentation.queries.get(sql));
  } catch (internal) {
    instrumentation.reportInternalError('db', internal);
    return query.apply(target, args);
  }

  const callbackIndex = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
  if (callbackIndex !== -1) {
    args[callbackIndex] = recording.wrapCallback(args[callbackIndex] as Callback);
  } else if (typeof first === 'object' && first !== null && typeof first.callback === 'function') {
    args[0] = { ...first, callback: recording.wrapCallback(first.callback as Callback) };
  }
  const hasCallback = args[0] !== first || callbackIndex !== -1;

  let result: unknown;
  try {
    result = query.apply(target, args);
  } catch (error) {
    recording.finish(error);
    throw error;
  }
  if (hasCallback) return result;
  if (!isPromiseLike(result)) {
    recording.finish(undefined);
    return result;
  }
  return result.then(
    (value) => {
      recording.finish(undefined);
      return value;
    },
    (error: unknown) => {
      recording.finish(error);
      throw error;
    },
  );
}
