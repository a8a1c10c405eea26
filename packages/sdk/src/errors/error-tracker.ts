import { randomUUID } from 'node:crypto';
import { type Attributes, context, isSpanContextValid, type Span, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { ResolvedOptions } from '../config/index.js';
import { getRequestContext, type RequestContext } from '../context/index.js';
import { type Fingerprint, fingerprintError, fingerprintMessage } from '../fingerprint/index.js';
import { safeThrown } from '../thrown/index.js';
import { type Breadcrumb, breadcrumbsOf } from './breadcrumbs.js';
import {
  type CaptureMechanism,
  type CaptureOptions,
  type ErrorEvent,
  type ErrorLevel,
  type ErrorSink,
  type EventRequest,
  messageOf,
} from './error-event.js';
import { type ErrorGroup, GroupTable } from './group-table.js';
import { createLogSink } from './log-sink.js';
import type { SentryModule } from './sentry-module.js';
import { createSentrySink } from './sentry-sink.js';
import { createSpanSink } from './span-sink.js';

/** `observer.errors`: capture errors and messages, read the groups, flush Sentry. */
export interface ErrorTracker {
  /**
   * Captures a thrown value with the current request's context, breadcrumbs and trace ids;
   * returns its event id. The same error object captured again (the app captured it, then
   * it failed the request) is not sent twice: its first event id is returned.
   */
  capture(error: unknown, options?: CaptureOptions): string;
  /** Captures a message (level `error` unless given); returns its event id. */
  captureMessage(message: string, options?: CaptureOptions): string;
  /** The error groups, most recently seen first (bounded by `errors.maxGroups`). */
  groups(): ErrorGroup[];
  /** One group by its fingerprint; undefined when unknown (or evicted). */
  group(fingerprint: string): ErrorGroup | undefined;
  /** Waits for events still being sent to Sentry; true when none is left (also without Sentry). */
  flush(timeoutMs?: number): Promise<boolean>;
}

export type CapturedErrorsCounter = Counter<'error_type' | 'mechanism'>;

/** What the request pass knows of a request in flight, as plain facts (observer/ asks the pass). */
export interface RequestFacts {
  /** The route as the access line will name it; undefined when no template matched. */
  readonly route: string | undefined;
  readonly method: string;
  readonly path: string;
}

export interface ErrorTrackerOptions {
  readonly options: ResolvedOptions;
  /** Sampling-exempt logger without the context mixin (the access logger). */
  readonly logger: Logger;
  /**
   * The facts of a request in flight, for an error captured mid-request (the route is known
   * then only from the framework's `req` or the templates); undefined when it is not in flight.
   */
  readonly requestFacts?: (request: RequestContext) => RequestFacts | undefined;
  readonly captured?: CapturedErrorsCounter;
  /** Counts groups opened (a fingerprint not in the table). */
  readonly groupsCreated?: Counter<string>;
  /** The log redaction's key censor, applied to breadcrumb fields, `extra` and the events sent to Sentry. */
  readonly censorKeys?: (fields: Record<string, unknown>) => Record<string, unknown>;
  /** The log redaction's censor of thrown values, as deep as an error's: the message of a thrown value that is no error. */
  readonly censorThrown?: (value: unknown) => unknown;
  /** `@sentry/node`, already loaded (createObserver loads it first); loaded here when absent and a DSN is set. */
  readonly sentry?: SentryModule;
  readonly onInternalError: (component: string, error: unknown) => void;
  /** Paths under it are reported relative to it in fingerprints (default: the working directory). */
  readonly root?: string;
}

const DEFAULT_FLUSH_MS = 2000;
const noCensor = (fields: Record<string, unknown>) => fields;

/** The error tracker the observer owns, with what only the observer calls. */
export interface OwnedErrorTracker extends ErrorTracker {
  /** A process handler's capture: fatal, unhandled. */
  captureCrash(error: unknown, mechanism: 'uncaughtException' | 'unhandledRejection'): void;
  /**
   * A server error an adapter recorded on the request pass (a 4xx error never reaches here),
   * captured at once, as Sentry's framework handlers do. Returns the attributes the pass adds to
   * the exception event of the server span, linking the failed request to its group.
   */
  captureRequestError(error: unknown, request: RequestContext, facts: RequestFacts): Attributes | undefined;
  /** Flushes and closes Sentry (the lifecycle's flush phase). */
  close(timeoutMs: number): Promise<void>;
  /** Groups in the table now (the `sightline_error_groups` gauge). */
  readonly groupCount: number;
}

/** An event already sent for an object: a second capture of it returns this, not a new event. */
interface SentEvent {
  readonly eventId: string;
  readonly fingerprint: Fingerprint;
  /** The event's message: the error's, or a thrown value's censored JSON. */
  readonly message: string;
}

/** Everything one capture knows, handed from the capture methods to the sinks' fan-out. */
interface Capture {
  readonly kind: 'exception' | 'message';
  readonly error: unknown;
  readonly message: string;
  readonly fingerprint: Fingerprint;
  readonly level: ErrorLevel;
  readonly mechanism: CaptureMechanism;
  readonly handled: boolean;
  readonly options: CaptureOptions;
  readonly request: RequestContext | undefined;
  /** Given by the pass for a failed request; asked for (requestFacts) otherwise. */
  readonly facts: RequestFacts | undefined;
  /** The active span at capture (none for a request error: its server span has ended). */
  readonly span: Span | undefined;
}

class Tracker implements OwnedErrorTracker {
  readonly #options: ErrorTrackerOptions;
  readonly #groups: GroupTable;
  readonly #sinks: ErrorSink[];
  /** Objects already captured → their event; weak, so captured errors are still collected. */
  readonly #captured = new WeakMap<object, SentEvent>();
  readonly #root: string;
  readonly #censor: (fields: Record<string, unknown>) => Record<string, unknown>;

  constructor(options: ErrorTrackerOptions) {
    const { errors, environment, serviceVersion, serviceName } = options.options;
    this.#options = options;
    this.#groups = new GroupTable(errors.maxGroups);
    this.#root = options.root ?? process.cwd();
    this.#censor = censorWith(options.censorKeys ?? noCensor, options.options.log.redact);
    this.#sinks = [createLogSink(options.logger), createSpanSink()];
    if (errors.sentry.dsn !== undefined) {
      this.#sinks.push(
        createSentrySink(
          {
            dsn: errors.sentry.dsn,
            environment: errors.sentry.environment ?? environment,
            release: errors.sentry.release ?? serviceVersion,
            sampleRate: errors.sentry.sampleRate,
            serviceName,
            maxBreadcrumbs: errors.breadcrumbs,
            onDeliveryError: (error) => options.onInternalError('errors-sentry', error),
            censor: this.#censor,
          },
          options.sentry,
        ),
      );
    }
  }

  capture(error: unknown, options: CaptureOptions = {}): string {
    return this.#captureException(error, options, 'manual', undefined, undefined)?.eventId ?? '';
  }

  captureMessage(message: string, options: CaptureOptions = {}): string {
    try {
      const text = String(message);
      const level = options.level ?? 'error';
      const active = context.active();
      return this.#emit({
        kind: 'message',
        error: undefined,
        message: text,
        fingerprint: fingerprintMessage(text, level),
        level,
        mechanism: 'manual',
        handled: true,
        options,
        request: getRequestContext(active),
        facts: undefined,
        span: trace.getSpan(active),
      });
    } catch (failure) {
      this.#options.onInternalError('errors', failure);
      return '';
    }
  }

  captureCrash(error: unknown, mechanism: 'uncaughtException' | 'unhandledRejection'): void {
    this.#captureException(error, { level: 'fatal' }, mechanism, undefined, undefined);
  }

  captureRequestError(error: unknown, request: RequestContext, facts: RequestFacts): Attributes | undefined {
    const sent = this.#captureException(error, {}, 'http', request, facts);
    if (sent === undefined) return undefined;
    return {
      'exception.type': sent.fingerprint.type,
      // A thrown value that is no error: its censored JSON, not String()'s "[object Object]".
      'exception.message': sent.message,
      'sightline.error.fingerprint': sent.fingerprint.id,
      'sightline.error.event_id': sent.eventId,
    };
  }

  groups(): ErrorGroup[] {
    return this.#groups.list();
  }

  group(fingerprint: string): ErrorGroup | undefined {
    return this.#groups.get(fingerprint);
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  async flush(timeoutMs = DEFAULT_FLUSH_MS): Promise<boolean> {
    const results = await Promise.all(this.#sinks.map((sink) => sink.flush?.(timeoutMs) ?? true));
    return results.every(Boolean);
  }

  async close(timeoutMs: number): Promise<void> {
    await Promise.all(this.#sinks.map((sink) => sink.close?.(timeoutMs)));
  }

  #captureException(
    thrown: unknown,
    options: CaptureOptions,
    mechanism: CaptureMechanism,
    request: RequestContext | undefined,
    facts: RequestFacts | undefined,
  ): SentEvent | undefined {
    try {
      // A value whose getters throw is read once, into a copy (the same for every capture of it).
      const error = safeThrown(thrown);
      const object = typeof error === 'object' && error !== null ? error : undefined;
      // A crash is its own event (fatal), even for an error the app captured before.
      const crash = mechanism === 'uncaughtException' || mechanism === 'unhandledRejection';
      const seen = object === undefined || crash ? undefined : this.#captured.get(object);
      if (seen !== undefined) return seen;
      const active = context.active();
      const message = messageOf(error, this.#options.censorThrown);
      const fingerprint = fingerprintError(error, message, this.#root);
      const eventId = this.#emit({
        kind: 'exception',
        error,
        message,
        fingerprint,
        level: options.level ?? 'error',
        mechanism,
        // Only the app's own capture() handled the error: one that reached the request pass or a process handler
        // escaped the app's code (Sentry's framework integrations send those as unhandled too).
        handled: mechanism === 'manual',
        options,
        request: request ?? getRequestContext(active),
        facts,
        // The pass records a request's error on its server span itself, with this event's ids.
        span: mechanism === 'http' ? undefined : trace.getSpan(active),
      });
      const sent: SentEvent = { eventId, fingerprint, message };
      if (object !== undefined) this.#captured.set(object, sent);
      return sent;
    } catch (failure) {
      this.#options.onInternalError('errors', failure);
      return undefined;
    }
  }

  #emit(capture: Capture): string {
    const { request, span, fingerprint, options } = capture;
    const eventRequest = request === undefined ? undefined : this.#describeRequest(request, capture.facts);
    const now = Date.now();
    const stack = (capture.error as { stack?: unknown } | null | undefined)?.stack;
    const sample = {
      fingerprint: fingerprint.id,
      type: fingerprint.type,
      message: capture.message,
      frames: fingerprint.frames,
      stack: typeof stack === 'string' ? stack : undefined,
    };
    const count = this.#groups.record(sample, eventRequest?.route, now);
    if (count === 1) this.#options.groupsCreated?.inc();
    const ids = traceIds(request, span);
    const userId = request?.userId;
    const event: ErrorEvent = {
      eventId: randomUUID().replaceAll('-', ''),
      timestamp: now,
      kind: capture.kind,
      level: capture.level,
      mechanism: capture.mechanism,
      handled: capture.handled,
      type: fingerprint.type,
      message: capture.message,
      error: capture.error,
      fingerprint,
      count,
      request: eventRequest,
      userId,
      traceId: ids?.traceId,
      spanId: ids?.spanId,
      tags: stringTags(options.tags),
      user: options.user ?? (userId === undefined ? undefined : { id: userId }),
      extra: options.extra === undefined ? undefined : this.#censor({ ...options.extra }),
      breadcrumbs: (request === undefined ? undefined : breadcrumbsOf(request))?.snapshot(this.#censor) ?? NO_BREADCRUMBS,
    };
    this.#options.captured?.inc({ error_type: fingerprint.type, mechanism: capture.mechanism });
    for (const sink of this.#sinks) {
      try {
        sink.send(event, span);
      } catch (failure) {
        this.#options.onInternalError(`errors-${sink.name}`, failure);
      }
    }
    return event.eventId;
  }

  /** The route as the access line will name it: set on the request, else as the pass looks it up. */
  #describeRequest(request: RequestContext, given: RequestFacts | undefined): EventRequest {
    const facts = given ?? this.#options.requestFacts?.(request);
    return { requestId: request.requestId, route: request.route ?? facts?.route, method: facts?.method, path: facts?.path };
  }
}

const NO_BREADCRUMBS: readonly Breadcrumb[] = Object.freeze([]);

/** The active span's ids (a child span inside a request), else the request's, else none. */
function traceIds(request: RequestContext | undefined, span: Span | undefined): { traceId: string; spanId: string } | undefined {
  const spanContext = span?.spanContext();
  if (spanContext !== undefined && isSpanContextValid(spanContext)) return { traceId: spanContext.traceId, spanId: spanContext.spanId };
  const fields = request?.logFields;
  if (fields?.trace_id !== undefined && fields.span_id !== undefined) return { traceId: fields.trace_id, spanId: fields.span_id };
  return undefined;
}

function stringTags(tags: CaptureOptions['tags']): Record<string, string> {
  const result: Record<string, string> = {};
  if (tags === undefined) return result;
  for (const key of Object.keys(tags)) result[key] = String(tags[key]);
  return result;
}

/** The key censor, plus the top-level names among `log.redact.paths` (deeper paths never reach these flat objects). */
function censorWith(
  censorKeys: (fields: Record<string, unknown>) => Record<string, unknown>,
  redact: ResolvedOptions['log']['redact'],
): (fields: Record<string, unknown>) => Record<string, unknown> {
  const topLevel = redact.paths.filter((path) => !path.includes('.') && !path.includes('['));
  if (topLevel.length === 0) return censorKeys;
  return (fields) => {
    const censored = censorKeys(fields);
    let copy: Record<string, unknown> | undefined;
    for (const key of topLevel) {
      if (censored[key] === undefined) continue;
      copy ??= { ...censored };
      copy[key] = redact.censor;
    }
    return copy ?? censored;
  };
}

/** Builds the tracker; observer/ hooks it to the request pass, so a failed request is captured in every adapter. */
export function createErrorTracker(options: ErrorTrackerOptions): OwnedErrorTracker {
  return new Tracker(options);
}
