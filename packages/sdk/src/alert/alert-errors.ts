import { SightlineError } from '../sightline-error/index.js';

/** An alert, a silence (or a helper's input) broke a rule; nothing was sent. */
export class SightlineAlertError extends SightlineError {
  readonly issues: readonly string[];

  /** `subject`: what was refused, as the message's heading says it. */
  constructor(issues: readonly string[], subject: 'alert' | 'silence' = 'alert') {
    super('SL_ALERT_INVALID', `Invalid ${subject}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'SightlineAlertError';
    this.issues = issues;
  }
}

export interface AlertmanagerErrorDetails {
  readonly method: string;
  /** Path and query of the request, e.g. `/api/v2/alerts`. */
  readonly path: string;
  /** Requests made, retries included. */
  readonly attempts: number;
  /** Alertmanager's HTTP status; undefined when no response came back. */
  readonly status?: number;
  /** What Alertmanager said about it (its error message, or the raw body). */
  readonly detail?: string;
  readonly cause?: unknown;
}

/**
 * Alertmanager answered with a non-2xx status (`SL_ALERTMANAGER_REJECTED`: `status` and
 * Alertmanager's own `detail` are set), or could not be reached within the retries
 * (`SL_ALERTMANAGER_UNREACHABLE`: network error or timeout, in `cause`).
 */
export class AlertmanagerError extends SightlineError {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly detail: string | undefined;

  constructor(details: AlertmanagerErrorDetails) {
    const rejected = details.status !== undefined;
    const what = `Alertmanager ${details.method} ${details.path}`;
    const tries = details.attempts === 1 ? '1 attempt' : `${details.attempts} attempts`;
    const message = rejected
      ? `${what} answered ${details.status}${details.detail ? `: ${details.detail}` : ''} (after ${tries})`
      : `${what} failed after ${tries}: ${describe(details.cause)}`;
    super(rejected ? 'SL_ALERTMANAGER_REJECTED' : 'SL_ALERTMANAGER_UNREACHABLE', message, { cause: details.cause });
    this.name = 'AlertmanagerError';
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.status = details.status;
    this.detail = details.detail;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the socket error (ECONNREFUSED, …) in a TypeError('fetch failed').
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
