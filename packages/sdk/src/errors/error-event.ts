import type { Span } from '@opentelemetry/api';
import type { Fingerprint } from '../fingerprint/index.js';
import type { Breadcrumb } from './breadcrumbs.js';

/** Sentry's severity names; the log line uses the matching pino level (`warning` → warn). */
export type ErrorLevel = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

/** How the event was captured: by the app, by the request pass (a 5xx with an error), or by a process handler. */
export type CaptureMechanism = 'manual' | 'http' | 'uncaughtException' | 'unhandledRejection';

export interface CaptureUser {
  readonly id?: string;
  readonly email?: string;
  readonly username?: string;
  readonly [field: string]: string | undefined;
}

export interface CaptureOptions {
  /** Searchable labels on the event (Sentry tags): keep values short. */
  readonly tags?: Readonly<Record<string, string | number | boolean>>;
  /** Default: the request's user (observer.setUser), when there is one. */
  readonly user?: CaptureUser;
  /** Free-form context shown with the event (secret-looking keys are censored like log fields). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Default: `error` (`fatal` for process crashes). */
  readonly level?: ErrorLevel;
}

/** The request an event was captured in. */
export interface EventRequest {
  readonly requestId: string;
  readonly route: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
}

/** One captured error or message, as every sink receives it. */
export interface ErrorEvent {
  /** 32 hex characters; also the Sentry event id. */
  readonly eventId: string;
  /** ms since the epoch. */
  readonly timestamp: number;
  readonly kind: 'exception' | 'message';
  readonly level: ErrorLevel;
  readonly mechanism: CaptureMechanism;
  /** True only for the app's own capture() calls: false for a request's error (it escaped the handler) and a crash. */
  readonly handled: boolean;
  readonly type: string;
  readonly message: string;
  /** What was thrown (exceptions only). */
  readonly error: unknown;
  readonly fingerprint: Fingerprint;
  /** Occurrences of this fingerprint so far, this one included. */
  readonly count: number;
  readonly request: EventRequest | undefined;
  readonly userId: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly user: CaptureUser | undefined;
  readonly extra: Readonly<Record<string, unknown>> | undefined;
  readonly breadcrumbs: readonly Breadcrumb[];
}

/** Where events go: the log (always), the active span, Sentry. */
export interface ErrorSink {
  readonly name: string;
  /** `span`: the active span at capture, when the capture came from the app's own code. */
  send(event: ErrorEvent, span: Span | undefined): void;
  flush?(timeoutMs: number): Promise<boolean>;
  close?(timeoutMs: number): Promise<unknown>;
}

const THROWN_VALUE_LIMIT = 1000;

/**
 * The message an event shows for anything thrown: a thrown object is shown as JSON, cut short,
 * with the values under secret keys censored by `censor` (the log redaction) first: this text
 * reaches the span event, the span status and the error group.
 */
export function messageOf(error: unknown, censor?: (value: unknown) => unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  let text: string;
  try {
    text = JSON.stringify(censor === undefined ? error : censor(error)) ?? String(error);
  } catch {
    text = String(error);
  }
  return text.length > THROWN_VALUE_LIMIT ? `${text.slice(0, THROWN_VALUE_LIMIT)}…` : text;
}
