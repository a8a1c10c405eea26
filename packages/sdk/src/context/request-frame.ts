import { type Context, createContextKey, type Span, trace } from '@opentelemetry/api';

/**
 * The API's own span key: createContextKey() is Symbol.for(description), so this is the key
 * trace.getSpan() and trace.setSpan() use (request-frame.test.ts holds it to that).
 */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/**
 * A request's context as one object: the parent (extracted trace context, or root), the server
 * span and the request state. The API's BaseContext copies its Map and makes three closures on
 * every setValue, so trace.setSpan() then setValue() cost two of those per request; this answers
 * both keys itself and builds those contexts only when code inside the request derives one
 * (startActiveSpan, context.with(setSpan(...))), once.
 */
export class RequestFrame implements Context {
  readonly #parent: Context;
  readonly #span: Span | undefined;
  readonly #key: symbol;
  readonly #value: unknown;
  #derivable: Context | undefined;

  /** `span` undefined: the span is the parent's (tracing off), left as it is. */
  constructor(parent: Context, span: Span | undefined, key: symbol, value: unknown) {
    this.#parent = parent;
    this.#span = span;
    this.#key = key;
    this.#value = value;
  }

  getValue(key: symbol): unknown {
    if (key === this.#key) return this.#value;
    if (key === SPAN_KEY && this.#span !== undefined) return this.#span;
    return this.#parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.#asBaseContext().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.#asBaseContext().deleteValue(key);
  }

  #asBaseContext(): Context {
    this.#derivable ??= (this.#span === undefined ? this.#parent : trace.setSpan(this.#parent, this.#span)).setValue(
      this.#key,
      this.#value,
    );
    return this.#derivable;
  }
}
