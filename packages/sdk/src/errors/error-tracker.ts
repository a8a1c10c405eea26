import { randomUUID } from 'node:crypto';
import { context, isSpanContextValid, type Span, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { ResolvedOptions } from '../config/schema.js';
import { getRequestContext, type RequestContext } from '../context/index.js';
import type { RequestOutcome, RequestPass, RequestState, RouteMatcher } from '../http/index.js';
import type { Breadcrumb } from './breadcrumbs.js';
import {
  type CaptureMechanism,
  type CaptureOptions,
  type ErrorEvent,
  type ErrorLevel,
  type ErrorSink,
  type EventRequest,
  messageOf,
} from './error-event.js';
import { type Fingerprint, fingerprintError, fingerprintMessage } from './fingerprint.js';
import { type ErrorGroup, GroupTable } from './group-table.js';
import { createLogSink } from './log-sink.js';
import { createSentrySink, type Sentry } from './sentry-sink.js';
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
  /** Waits for events still being sent to Sentry; true when none is left (also without Sentry). */
  flush(timeoutMs?: number): Promise<boolean>;
}

export type CapturedErrorsCounter = Counter<'error_type' | 'mechanism'>;

export interface ErrorTrackerOptions {
  readonly options: ResolvedOptions;
  /** Sampling-exempt logger without the context mixin (the access logger). */
  readonly logger: Logger;
  readonly http: RequestPass;
  /** The node:http adapter's route templates, to name the route of an error captured mid-request. */
  readonly routeMatcher?: RouteMatcher;
  readonly captured?: CapturedErrorsCounter;
  /** The log redaction's key censor, applied to breadcrumb fields, `extra` and the events sent to Sentry. */
  readonly censorKeys?: (fields: Record<string, unknown>) => Record<string, unknown>;
  /** The log redaction's censor of thrown values, as deep as an error's: the message of a thrown value that is no error. */
  readonly censorThrown?: (value: unknown) => unknown;
  /** `@sentry/node`, already loaded (createObserver loads it first); loaded here when absent and a DSN is set. */
  readonly sentry?: Sentry;
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
  /** Flushes and closes Sentry (the lifecycle's flush phase). */
  close(timeoutMs: number): Promise<void>;
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
  /** Given by the pass for a failed request; looked up among those in flight otherwise. */
  readonly state: RequestState | undefined;
  readonly outcome: RequestOutcome | undefined;
  /** The active span at capture (none for a request error: its server span has ended). */
  readonly span: Span | undefined;
}

class Tracker implements OwnedErrorTracker {
  readonly #options: ErrorTrackerOptions;
  readonly #groups: GroupTable;
  readonly #sinks: ErrorSink[];
  /** Objects already captured → their event id; weak, so captured errors are still collected. */
  readonly #captured = new WeakMap<object, string>();
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
    return this.#captureException(error, options, 'manual', true, undefined, undefined);
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
        state: undefined,
        outcome: undefined,
        span: trace.getSpan(active),
      });
    } catch (failure) {
      this.#options.onInternalError('errors', failure);
      return '';
    }
  }

  captureCrash(error: unknown, mechanism: 'uncaughtException' | 'unhandledRejection'): void {
    this.#captureException(error, { level: 'fatal' }, mechanism, false, undefined, undefined);
  }

  /**
   * Finish listener of the request pass, so every adapter gets it: a request that carries an
   * error (adapters record only server errors) and answered 5xx, or was cut off mid-response
   * (headers were already sent), is captured once, here.
   */
  onFinish(state: RequestState, outcome: RequestOutcome): void {
    if (state.error === undefined || (outcome.status < 500 && outcome.completed)) return;
    this.#captureException(state.error, {}, 'http', true, state, outcome);
  }

  groups(): ErrorGroup[] {
    return this.#groups.list();
  }

  async flush(timeoutMs = DEFAULT_FLUSH_MS): Promise<boolean> {
    const results = await Promise.all(this.#sinks.map((sink) => sink.flush?.(timeoutMs) ?? true));
    return results.every(Boolean);
  }

  async close(timeoutMs: number): Promise<void> {
    await Promise.all(this.#sinks.map((sink) => sink.close?.(timeoutMs)));
  }

  #captureException(
    error: unknown,
    options: CaptureOptions,
    mechanism: CaptureMechanism,
    handled: boolean,
    state: RequestState | undefined,
    outcome: RequestOutcome | undefined,
  ): string {
    try {
      const object = typeof error === 'object' && error !== null ? error : undefined;
      // A crash is its own event (fatal, unhandled), even for an error the app captured before.
      const seen = object === undefined || handled === false ? undefined : this.#captured.get(object);
      if (seen !== undefined) return seen;
      const active = context.active();
      const message = messageOf(error, this.#options.censorThrown);
      const eventId = this.#emit({
        kind: 'exception',
        error,
        message,
        fingerprint: fingerprintError(error, message, this.#root),
        level: options.level ?? 'error',
        mechanism,
        handled,
        options,
        request: state?.request ?? getRequestContext(active),
        state,
        outcome,
        // The pass already recorded a request's error on its server span, which has ended.
        span: mechanism === 'http' ? undefined : trace.getSpan(active),
      });
      if (object !== undefined) this.#captured.set(object, eventId);
      return eventId;
    } catch (failure) {
      this.#options.onInternalError('errors', failure);
      return '';
    }
  }

  #emit(capture: Capture): string {
    const { request, span, fingerprint, options } = capture;
    const eventRequest = request === undefined ? undefined : this.#describeRequest(request, capture.state, capture.outcome);
    const now = Date.now();
    const group = this.#groups.record(fingerprint.id, fingerprint.type, capture.message, eventRequest?.route, now);
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
      count: group.count,
      request: eventRequest,
      userId,
      traceId: ids?.traceId,
      spanId: ids?.spanId,
      tags: stringTags(options.tags),
      user: options.user ?? (userId === undefined ? undefined : { id: userId }),
      extra: options.extra === undefined ? undefined : this.#censor({ ...options.extra }),
      breadcrumbs: request?.breadcrumbs?.snapshot(this.#censor) ?? NO_BREADCRUMBS,
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

  /**
   * The route as the access line will name it. Mid-request, Express knows it only from `req`
   * and node:http only from the templates, so the request's state is looked up among those in
   * flight: a scan, but only on capture, never per request.
   */
  #describeRequest(request: RequestContext, state: RequestState | undefined, outcome: RequestOutcome | undefined): EventRequest {
    let found = state;
    if (found === undefined) {
      for (const candidate of this.#options.http.inFlight) {
        if (candidate.request === request) {
          found = candidate;
          break;
        }
      }
    }
    const route =
      outcome?.route ??
      request.route ??
      (found === undefined ? undefined : (found.routeOf?.(found.req) ?? this.#options.routeMatcher?.match(found.path)));
    return { requestId: request.requestId, route, method: found?.method, path: found?.path };
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

/** Builds the tracker and hooks it to the request pass, so a failed request is captured in every adapter. */
export function createErrorTracker(options: ErrorTrackerOptions): OwnedErrorTracker {
  const tracker = new Tracker(options);
  options.http.addListener(tracker);
  return tracker;
}
