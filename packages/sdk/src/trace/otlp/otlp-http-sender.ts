import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, validateHeaderName, validateHeaderValue } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { SightlineConfigError, SightlineError } from '../../config/errors.js';

/** An export that was given up: a non-retryable answer, or the retry budget ran out. */
export class OtlpExportError extends SightlineError {
  override readonly name = 'OtlpExportError';
  /** The last HTTP status; undefined when no response came (network error or timeout). */
  readonly status: number | undefined;
  readonly attempts: number;
  readonly spans: number;

  constructor(message: string, status: number | undefined, attempts: number, spans: number) {
    super('SL_OTLP_EXPORT_FAILED', message);
    this.status = status;
    this.attempts = attempts;
    this.spans = spans;
  }
}

export interface OtlpHttpSenderOptions {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Time one export may take, retries included. */
  readonly timeoutMs: number;
  /** Connections kept open; the processor never has more requests in flight. */
  readonly maxSockets: number;
}

const PROTOBUF = 'application/x-protobuf';
/** OTLP/HTTP: these answers mean "try again later"; any other 4xx/5xx means the data is rejected. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const INITIAL_BACKOFF_MS = 100;
const MAX_ERROR_BODY_BYTES = 1024;

/** One HTTP attempt's outcome; status 0 is no response (network error or timeout). */
interface Attempt {
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  readonly detail: string;
}

/** Header names and values node:http would refuse at request time are refused at setup instead. */
function validHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (error) {
      throw new SightlineConfigError([`trace.headers["${name}"] cannot be sent as an HTTP header: ${(error as Error).message}`]);
    }
  }
  return headers;
}

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
function parseRetryAfter(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** ±20%, so that processes that failed together do not retry together. */
const withJitter = (ms: number): number => ms * (0.8 + Math.random() * 0.4);

/** Reads the status, Retry-After and (for errors) the start of the body, which names the problem. */
function readAttempt(response: IncomingMessage, resolve: (attempt: Attempt) => void): void {
  const status = response.statusCode ?? 0;
  const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
  const chunks: Buffer[] = [];
  let kept = 0;
  response.on('data', (chunk: Buffer) => {
    if (status >= 300 && kept < MAX_ERROR_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_ERROR_BODY_BYTES - kept));
    kept += chunk.length;
  });
  response.on('error', () => {}); // a cut-off response is reported by 'close' below
  response.on('close', () => {
    if (response.complete) resolve({ status, retryAfterMs, detail: Buffer.concat(chunks).toString('utf8').trim() });
    else resolve({ status: 0, retryAfterMs: undefined, detail: `the response (HTTP ${status}) was cut off` });
  });
}

/**
 * POSTs ExportTraceServiceRequest bodies to an OTLP/HTTP endpoint over keep-alive connections.
 * Retries 429, 502, 503, 504 and network errors with exponential backoff, or after Retry-After
 * when the server sends one, as long as the export's time budget allows; gives up on any other
 * answer. Never rejects: a failed export resolves with its error.
 */
export class OtlpHttpSender {
  readonly #url: URL;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #request: typeof httpRequest;
  readonly #agent: HttpAgent;

  constructor(options: OtlpHttpSenderOptions) {
    this.#url = new URL(options.url);
    const https = this.#url.protocol === 'https:';
    if (!https && this.#url.protocol !== 'http:') {
      throw new SightlineConfigError([`trace.endpoint must be an http:// or https:// URL, got "${options.url}"`]);
    }
    this.#headers = validHeaders({ ...options.headers, 'content-type': PROTOBUF });
    this.#timeoutMs = options.timeoutMs;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.#agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.#request = https ? httpsRequest : httpRequest;
  }

  /** Sends one request body holding `spans` spans; resolves with undefined once delivered. */
  async send(body: Buffer, spans: number): Promise<OtlpExportError | undefined> {
    try {
      return await this.#sendWithRetries(body, spans);
    } catch (error) {
      // Not expected (headers are checked up front), but an export must settle whatever happens.
      return new OtlpExportError(`OTLP export of ${spans} spans failed: ${String(error)}`, undefined, 1, spans);
    }
  }

  async #sendWithRetries(body: Buffer, spans: number): Promise<OtlpExportError | undefined> {
    const deadline = performance.now() + this.#timeoutMs;
    let backoffMs = INITIAL_BACKOFF_MS;
    for (let attempts = 1; ; attempts++) {
      const attempt = await this.#post(body, Math.max(1, deadline - performance.now()));
      if (attempt.status >= 200 && attempt.status < 300) return undefined;
      const retryable = attempt.status === 0 || RETRYABLE_STATUS.has(attempt.status);
      const waitMs = attempt.retryAfterMs ?? withJitter(backoffMs);
      if (!retryable || performance.now() + waitMs >= deadline) return this.#error(attempt, attempts, spans, retryable);
      await delay(waitMs);
      backoffMs *= 2;
    }
  }

  /** Closes the kept-alive connections; call once nothing is being sent. */
  close(): void {
    this.#agent.destroy();
  }

  #error(attempt: Attempt, attempts: number, spans: number, retryable: boolean): OtlpExportError {
    const answer = attempt.status === 0 ? attempt.detail : `HTTP ${attempt.status}${attempt.detail ? `: ${attempt.detail}` : ''}`;
    const why = retryable ? `gave up within the ${this.#timeoutMs} ms export timeout` : 'not retryable';
    const message = `OTLP export of ${spans} spans to ${this.#url.href} failed after ${attempts} attempt(s), ${why}; last answer: ${answer}`;
    return new OtlpExportError(message, attempt.status === 0 ? undefined : attempt.status, attempts, spans);
  }

  /** One POST; resolves with the status, or status 0 when no response came in `timeoutMs`. */
  #post(body: Buffer, timeoutMs: number): Promise<Attempt> {
    return new Promise((resolve) => {
      const headers = { ...this.#headers, 'content-length': String(body.length) };
      const options = { method: 'POST', agent: this.#agent, headers, timeout: timeoutMs };
      // Tracing is suppressed so that HTTP instrumentation does not trace the export itself.
      const request = context.with(suppressTracing(context.active()), () => this.#request(this.#url, options));
      request.on('response', (response) => readAttempt(response, resolve));
      request.on('timeout', () => request.destroy(new Error(`no response within ${Math.round(timeoutMs)} ms`)));
      request.on('error', (error) => resolve({ status: 0, retryAfterMs: undefined, detail: error.message }));
      request.end(body);
    });
  }
}
