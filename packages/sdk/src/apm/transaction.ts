import { type Attributes, type Context, context, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { recordSpanError, type SpanOptions } from '../trace/index.js';

/** Span attributes a transaction sets (OpenTelemetry has no convention for these). */
export const TRANSACTION_TYPE_ATTRIBUTE = 'sightline.transaction.type';
export const TRANSACTION_RESULT_ATTRIBUTE = 'sightline.transaction.result';

export interface TransactionOptions {
  /** What kind of work: `request`, `job`, `message`, … (default `custom`). */
  readonly type?: string;
  readonly attributes?: Attributes;
  readonly kind?: SpanKind;
}

/**
 * A unit of work with spans and a result, as APM agents have them. It *is* an OpenTelemetry
 * span of the observer's tracer: a child of the active span (inside a request, the server
 * span), or the root of a new trace for background work. Its spans are ordinary child spans.
 */
export class Transaction {
  readonly name: string;
  readonly type: string;
  /** The transaction's own span. */
  readonly span: Span;
  /** The active context with this transaction's span in it. */
  readonly context: Context;
  readonly #tracer: Tracer;
  #result: string | undefined;
  #ended = false;

  constructor(tracer: Tracer, name: string, options: TransactionOptions = {}, parent: Context = context.active()) {
    this.#tracer = tracer;
    this.name = name;
    this.type = options.type ?? 'custom';
    this.span = tracer.startSpan(
      name,
      { kind: options.kind ?? SpanKind.INTERNAL, attributes: { ...options.attributes, [TRANSACTION_TYPE_ATTRIBUTE]: this.type } },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
  }

  /** A child span of the transaction; end it yourself. */
  startSpan(name: string, options: SpanOptions = {}): Span {
    return this.#tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, this.context);
  }

  /** Runs `fn` with the transaction as the active span: observer.span(), fetch and logs inside nest under it. */
  run<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }

  /** The outcome, e.g. `success`, `HTTP 2xx`, `declined`; lands on the span as sightline.transaction.result. */
  setResult(result: string): this {
    this.#result = result;
    this.span.setAttribute(TRANSACTION_RESULT_ATTRIBUTE, result);
    return this;
  }

  get result(): string | undefined {
    return this.#result;
  }

  /** Records the exception and sets ERROR status; the result becomes `error` unless one was set. */
  recordError(error: unknown): this {
    recordSpanError(this.span, error);
    if (this.#result === undefined) this.setResult('error');
    return this;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Ends the span; later calls do nothing. */
  end(endTime?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.span.end(endTime);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Runs `fn` inside a new active transaction, ending it when `fn` returns or settles: result
 * `success` unless `fn` set one, or the error recorded (result `error`) and rethrown.
 */
export function runTransaction<T>(tracer: Tracer, name: string, fn: (transaction: Transaction) => T, options?: TransactionOptions): T {
  const transaction = new Transaction(tracer, name, options);
  const succeed = () => {
    if (transaction.result === undefined) transaction.setResult('success');
    transaction.end();
  };
  const fail = (error: unknown) => {
    transaction.recordError(error);
    transaction.end();
  };
  let result: T;
  try {
    result = transaction.run(() => fn(transaction));
  } catch (error) {
    fail(error);
    throw error;
  }
  if (!isPromiseLike(result)) {
    succeed();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      succeed();
      return value;
    },
    (error: unknown) => {
      fail(error);
      throw error;
    },
  ) as T;
}
