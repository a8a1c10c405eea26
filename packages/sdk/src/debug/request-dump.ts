import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type RequestOutcome, type RequestPassListener, type RequestState, requestLogLine, sentHeaders } from '../http/index.js';
import { requestTapOf, responseCaptureOf, tapRequestBody, tapResponseBody } from './body-tap.js';
import type { DumpRedactor } from './dump-redaction.js';
import type { ToggleScope } from './toggle-scope.js';

/**
 * JSON and form bodies up to this size are captured whole so they can be parsed and
 * censored by key before being cut to the shown size; larger ones are summarised.
 */
export const REDACTABLE_BODY_BYTES = 64 * 1024;

export interface RequestDumperOptions {
  /**
   * The access logger: exempt from sampling (every dump has the same message) and without
   * the context mixin (dumps are written after the request's context is gone; they carry
   * the request's ids themselves).
   */
  readonly logger: Logger;
  readonly redactor: DumpRedactor;
  /** Bodies shown up to this many bytes. */
  readonly maxBodyBytes: number;
  readonly scope: ToggleScope;
}

/**
 * Request/response dumps while the debug toggle is on: one debug line (`request dump`) per
 * request in scope with method, URL, headers and bodies, censored. Registered with the
 * request pass only while dumping, so requests pay nothing for it the rest of the time.
 */
export class RequestDumper implements RequestPassListener {
  readonly #logger: Logger;
  readonly #redactor: DumpRedactor;
  readonly #captureBytes: number;
  readonly #scope: ToggleScope;

  constructor(options: RequestDumperOptions) {
    this.#logger = options.logger;
    this.#redactor = options.redactor;
    // Bodies off (0): the taps only count bytes.
    this.#captureBytes = options.maxBodyBytes === 0 ? 0 : Math.max(options.maxBodyBytes, REDACTABLE_BODY_BYTES);
    this.#scope = options.scope;
  }

  onBegin(state: RequestState, res: ServerResponse): void {
    if (!this.#scope.mayMatch(state)) return;
    tapRequestBody(state.req, this.#captureBytes);
    tapResponseBody(res, this.#captureBytes);
  }

  onFinish(state: RequestState, outcome: RequestOutcome, res: ServerResponse): void {
    const tap = requestTapOf(state.req);
    if (tap === undefined) return;
    if (!this.#scope.matches(outcome.route, state.path, state.request.logFields.user_id)) return;
    const redactor = this.#redactor;
    const req = state.req;
    const line = requestLogLine(state, outcome.route, outcome.status);
    line.duration_ms = Math.round(outcome.durationMs * 1000) / 1000;
    line.request = {
      url: redactor.url(tap.url),
      headers: redactor.headers(req.headers),
      body: redactor.body(tap.capture, req.headers['content-type'], req.headers['content-encoding']),
    };
    const headers = sentHeaders(res);
    line.response = {
      headers: redactor.headers(headers),
      body: redactor.body(responseCaptureOf(res), headers['content-type'], headers['content-encoding']),
    };
    if (!outcome.completed) line.aborted = true;
    this.#logger.debug(line, 'request dump');
  }
}
