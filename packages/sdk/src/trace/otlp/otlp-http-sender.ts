import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, validateHeaderName, validateHeaderValue } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { SightlineConfigError, SightlineError } from '../../sightline-error/index.js';

/** An export that was given up: a non-retryable answer, the retry budget ran out, or shutdown cut it short. */
export class OtlpExportError extends SightlineError {
  override readonly name = 'OtlpExportError';
  /** The last HTTP status; undefined when no response came (network error or timeout). */
  readonly status: number | undefined;
  readonly attempts: number;
  /** Spans or log records in the request (see OtlpHttpSenderOptions.items). */
  readonly items: number;
  /** Why, in a few words: the last answer and why it was not retried (for one-line reports). */
  readonly reason: string;

  constructor(message: string, status: number | undefined, attempts: number, items: number, reason = message) {
    super('SL_OTLP_EXPORT_FAILED', message);
    this.status = status;
    this.attempts = attempts;
    this.items = items;
    this.reason = reason;
  }
}

export interface OtlpHttpSenderOptions {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Time one export may take, retries included. */
  readonly timeoutMs: number;
  /** Connections kept open; the caller never has more requests in flight. */
  readonly maxSockets: number;
  /** What a request carries, for messages: 'spans' (default) or 'log records'. */
  readonly items?: string;
  /** The options the url and headers came from, for setup errors: 'trace' (default) or 'log.otlp'. */
  readonly option?: string;
}

const PROTOBUF = 'application/x-protobuf';
/** OTLP/HTTP: these answers mean "try again later"; any other 4xx/5xx means the data is rejected. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/**
 * Nothing listens there (or the name does not resolve): worth retrying while the process runs,
 * as a collector restarts, but not during shutdown, when the process will not outlive the wait.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const INITIAL_BACKOFF_MS = 100;
const MAX_ERROR_BODY_BYTES = 1024;

/** One HTTP attempt's outcome; status 0 is no response (network error or timeout). */
interface Attempt {
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  readonly detail: string;
  /** The connection was refused or the host not found: nothing was sent. */
  readonly unreachable?: boolean;
}

/** Header names and values node:http would refuse at request time are refused at setup instead. */
function validHeaders(headers: Record<string, string>, option: string): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (error) {
      throw new SightlineConfigError([`${option}.headers["${name}"] cannot be sent as an HTTP header: ${(error as Error).message}`]);
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
 * POSTs OTLP protobuf request bodies to an OTLP/HTTP endpoint over keep-alive connections.
 * Retries 429, 502, 503, 504 and network errors with exponential backoff, or after Retry-After
 * when the server sends one, as long as the export's time budget allows; gives up on any other
 * answer. Once stopBy() is called (shutdown), an unreachable endpoint is not retried and every
 * export still running at the flush deadline is abandoned. Never rejects: a failed export
 * resolves with its error. Its timers never keep the process alive.
 */
export class OtlpHttpSender {
  readonly #url: URL;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #items: string;
  readonly #request: typeof httpRequest;
  readonly #agent: HttpAgent;
  /** Aborted when shutdown begins: backoff waits end early to re-decide. */
  readonly #stopping = new AbortController();
  /** Aborted at the shutdown flush deadline: requests in flight are destroyed, waits end. */
  readonly #abandoned = new AbortController();
  #stopAt = Number.POSITIVE_INFINITY;
  #flushTimeoutMs = 0;
  #abandonTimer: NodeJS.Timeout | undefined;

  constructor(options: OtlpHttpSenderOptions) {
    const option = options.option ?? 'trace';
    this.#url = new URL(options.url);
    const https = this.#url.protocol === 'https:';
    if (!https && this.#url.protocol !== 'http:') {
      throw new SightlineConfigError([`${option}.endpoint must be an http:// or https:// URL, got "${options.url}"`]);
    }
    this.#headers = validHeaders({ ...options.headers, 'content-type': PROTOBUF }, option);
    this.#timeoutMs = options.timeoutMs;
    this.#items = options.items ?? 'spans';
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    this.#agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.#request = https ? httpsRequest : httpRequest;
  }

  /** Where the exports go. */
  get url(): string {
    return this.#url.href;
  }

  /** Sends one request body holding `items` spans or log records; resolves with undefined once delivered. */
  async send(body: Buffer, items: number): Promise<OtlpExportError | undefined> {
    try {
      return await this.#sendWithRetries(body, items);
    } catch (error) {
      // Not expected (headers are checked up front), but an export must settle whatever happens.
      return new OtlpExportError(`OTLP export of ${items} ${this.#items} failed: ${String(error)}`, undefined, 1, items);
    }
  }

  /**
   * Shutdown begins: from now on an unreachable endpoint fails an export at once, retries
   * wait only within `flushTimeoutMs`, and whatever is still being sent then is abandoned
   * (its export resolves with an error). Idempotent: the first deadline holds.
   */
  stopBy(flushTimeoutMs: number): void {
    if (this.#stopping.signal.aborted) return;
    this.#flushTimeoutMs = flushTimeoutMs;
    this.#stopAt = performance.now() + flushTimeoutMs;
    this.#stopping.abort();
    this.#abandonTimer = setTimeout(() => this.#abandoned.abort(), flushTimeoutMs).unref();
  }

  /** Closes the kept-alive connections; call once nothing is being sent. */
  close(): void {
    clearTimeout(this.#abandonTimer);
    this.#agent.destroy();
  }

  async #sendWithRetries(body: Buffer, items: number): Promise<OtlpExportError | undefined> {
    const deadline = performance.now() + this.#timeoutMs;
    let backoffMs = INITIAL_BACKOFF_MS;
    for (let attempts = 1; ; attempts++) {
      if (this.#abandoned.signal.aborted) return this.#error(undefined, attempts - 1, items, 'abandoned');
      const until = Math.min(deadline, this.#stopAt);
      const attempt = await this.#post(body, Math.max(1, until - performance.now()));
      if (attempt.status >= 200 && attempt.status < 300) return undefined;
      const retryable = attempt.status === 0 || RETRYABLE_STATUS.has(attempt.status);
      if (!retryable) return this.#error(attempt, attempts, items, 'not retryable');
      if (this.#abandoned.signal.aborted) return this.#error(attempt, attempts, items, 'abandoned');
      if (attempt.unreachable && this.#stopping.signal.aborted) return this.#error(attempt, attempts, items, 'unreachable');
      const waitMs = attempt.retryAfterMs ?? withJitter(backoffMs);
      if (performance.now() + waitMs >= Math.min(deadline, this.#stopAt)) return this.#error(attempt, attempts, items, 'out of time');
      await this.#wait(waitMs);
      // Shutdown began during the wait: an unreachable endpoint is given up, a busy one tried once more.
      if (attempt.unreachable && this.#stopping.signal.aborted) return this.#error(attempt, attempts, items, 'unreachable');
      backoffMs *= 2;
    }
  }

  /** Resolves after `ms`, or as soon as shutdown begins (waits are re-decided then). Never keeps the process alive. */
  #wait(ms: number): Promise<void> {
    const signal = this.#stopping.signal;
    if (signal.aborted) {
      return delay(ms, undefined, { ref: false, signal: this.#abandoned.signal }).catch(() => {});
    }
    return delay(ms, undefined, { ref: false, signal }).catch(() => {});
  }

  #error(
    attempt: Attempt | undefined,
    attempts: number,
    items: number,
    why: 'not retryable' | 'out of time' | 'unreachable' | 'abandoned',
  ): OtlpExportError {
    const answer =
      attempt === undefined
        ? undefined
        : attempt.status === 0
          ? attempt.detail
          : `HTTP ${attempt.status}${attempt.detail ? `: ${attempt.detail}` : ''}`;
    const shutdown = `the ${this.#flushTimeoutMs} ms shutdown flush deadline`;
    const explanation = {
      'not retryable': 'not retryable',
      'out of time': this.#stopping.signal.aborted
        ? `no time left before ${shutdown}`
        : `gave up within the ${this.#timeoutMs} ms export timeout`,
      unreachable: 'not retried during shutdown',
      abandoned: `abandoned at ${shutdown}`,
    }[why];
    const reason = answer === undefined ? explanation : `${answer} (${explanation})`;
    const message = `OTLP export of ${items} ${this.#items} to ${this.#url.href} failed after ${attempts} attempt(s): ${reason}`;
    return new OtlpExportError(message, attempt?.status || undefined, attempts, items, reason);
  }

  /** One POST; resolves with the status, or status 0 when no response came in `timeoutMs`. */
  #post(body: Buffer, timeoutMs: number): Promise<Attempt> {
    return new Promise((resolve) => {
      const headers = { ...this.#headers, 'content-length': String(body.length) };
      const options = { method: 'POST', agent: this.#agent, headers, timeout: timeoutMs };
      // Tracing is suppressed so that HTTP instrumentation does not trace the export itself,
      // and the export belongs to no request (see context/background.ts).
      const request = context.with(suppressTracing(ROOT_CONTEXT), () => this.#request(this.#url, options));
      const abandoned = this.#abandoned.signal;
      const abandon = () => request.destroy(new Error('no response before the shutdown flush deadline'));
      if (abandoned.aborted) abandon();
      else abandoned.addEventListener('abort', abandon, { once: true });
      request.on('close', () => abandoned.removeEventListener('abort', abandon));
      request.on('response', (response) => readAttempt(response, resolve));
      request.on('timeout', () => request.destroy(new Error(`no response within ${Math.round(timeoutMs)} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve({
          status: 0,
          retryAfterMs: undefined,
          detail: error.message,
          unreachable: error.code !== undefined && UNREACHABLE_CODES.has(error.code),
        }),
      );
      request.end(body);
    });
  }
}
