/**
 * Named errors with stable codes (fastify's FST_ERR_* idea): callers branch on `code`,
 * humans read `message`, which always says what to fix.
 */
export type SightlineErrorCode =
  | 'SL_CONFIG_INVALID'
  | 'SL_METRIC_NAME_INVALID'
  | 'SL_METRIC_LABEL_INVALID'
  | 'SL_METRIC_DUPLICATE'
  | 'SL_ROUTE_TEMPLATE_INVALID'
  | 'SL_OTLP_EXPORT_FAILED'
  | 'SL_SHUTDOWN_TIMEOUT'
  | 'SL_PEER_DEPENDENCY_MISSING'
  | 'SL_ALERT_INVALID'
  | 'SL_ALERTMANAGER_REJECTED'
  | 'SL_ALERTMANAGER_UNREACHABLE';

export class SightlineError extends Error {
  readonly code: SightlineErrorCode;

  constructor(code: SightlineErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SightlineError';
    this.code = code;
  }
}

/** Thrown by createObserver() and the metric helpers when options break a rule. */
export class SightlineConfigError extends SightlineError {
  readonly issues: readonly string[];

  /** `heading` names what was invalid when it is not the options of a call (a health check's name). */
  constructor(issues: readonly string[], code: SightlineErrorCode = 'SL_CONFIG_INVALID', heading = 'Invalid Sightline options') {
    super(code, `${heading}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'SightlineConfigError';
    this.issues = issues;
  }
}

export class SightlineMetricError extends SightlineError {
  constructor(code: 'SL_METRIC_NAME_INVALID' | 'SL_METRIC_LABEL_INVALID' | 'SL_METRIC_DUPLICATE', message: string) {
    super(code, message);
    this.name = 'SightlineMetricError';
  }
}

export class SightlineShutdownTimeoutError extends SightlineError {
  readonly pending: readonly string[];

  constructor(timeoutMs: number, pending: readonly string[]) {
    super('SL_SHUTDOWN_TIMEOUT', `shutdown() did not finish within ${timeoutMs} ms; still pending: ${pending.join(', ')}`);
    this.name = 'SightlineShutdownTimeoutError';
    this.pending = pending;
  }
}
