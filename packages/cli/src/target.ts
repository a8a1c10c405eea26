import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CliError } from './errors.js';

export const TOKEN_ENV = 'SIGHTLINE_DEBUG_TOKEN';
const ERROR_BODY_LIMIT = 64 * 1024;

/** A service's debug server: where it is and the bearer token it expects. */
export interface Target {
  /** Base URL, e.g. `http://127.0.0.1:6060`; endpoint paths (`/debug/...`) are appended. */
  readonly url: URL;
  readonly token: string | undefined;
}

export interface TargetOptions {
  target?: string;
  token?: string;
}

/**
 * `--target` (a URL; `host:port` means http) and the token from `--token` or
 * SIGHTLINE_DEBUG_TOKEN. A missing or malformed target is a usage error (exit 2).
 */
export function resolveTarget(options: TargetOptions, env: Record<string, string | undefined> = process.env): Target {
  const text = options.target?.trim();
  if (text === undefined || text === '') {
    throw new CliError('SL_CLI_TARGET_INVALID', 'missing --target: the debug server URL, e.g. --target http://127.0.0.1:6060');
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new CliError('SL_CLI_TARGET_INVALID', `--target "${text}" is not a URL; use e.g. http://127.0.0.1:6060`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('SL_CLI_TARGET_INVALID', `--target "${text}" must be an http:// or https:// URL`);
  }
  // Accept the URL the service logs (`.../debug`) as well as its origin.
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/debug$/, '');
  url.search = '';
  url.hash = '';
  const token = options.token ?? env[TOKEN_ENV];
  return { url, token: token === undefined || token === '' ? undefined : token };
}

/** The full URL of an endpoint of `target`, with query parameters. */
export function endpointUrl(target: Target, path: string, query: Record<string, string | number | undefined> = {}): URL {
  const url = new URL(target.url.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Why a request never got a response, in words that point at the fix. */
function connectionError(url: URL, error: NodeJS.ErrnoException): CliError {
  const where = url.origin;
  if (error.code === 'ECONNREFUSED') {
    return new CliError(
      'SL_CLI_TARGET_UNREACHABLE',
      `cannot connect to ${where}: connection refused; is the debug server enabled? (SIGHTLINE_DEBUG=true)`,
      { cause: error },
    );
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new CliError('SL_CLI_TARGET_UNREACHABLE', `cannot resolve host ${url.hostname}; check --target`, { cause: error });
  }
  if (error.name === 'AbortError') return new CliError('SL_CLI_ABORTED', `request to ${where} aborted`, { cause: error });
  return new CliError('SL_CLI_TARGET_UNREACHABLE', `request to ${where} failed: ${error.message}`, { cause: error });
}

async function readText(response: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of response) {
    if (text.length < limit) text += (chunk as Buffer).toString('utf8');
  }
  return text.slice(0, limit);
}

/** The server's own words for a failed request: `{ error }` / `{ message }` JSON or plain text. */
async function failureMessage(response: IncomingMessage): Promise<string> {
  const text = (await readText(response, ERROR_BODY_LIMIT).catch(() => '')).trim();
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = body.message ?? body.error;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: use the text as it is
  }
  return text;
}

/**
 * Sends one request to the debug server and resolves with the response once its status is
 * 2xx, body unread (callers stream it). 401 becomes "token rejected", other failures carry
 * the server's message; a refused connection asks whether the debug server is on.
 * node:http rather than fetch: no headers timeout, so a 10-minute CPU capture just waits.
 */
export async function requestTarget(target: Target, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
  const url = endpointUrl(target, path, options.query);
  const method = options.method ?? 'GET';
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: '*/*' };
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, { method, headers, signal: options.signal }, resolve);
    req.once('error', (error: NodeJS.ErrnoException) => reject(connectionError(url, error)));
    req.end(body);
  });
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return response;

  const message = await failureMessage(response);
  if (status === 401 || status === 403) {
    const hint =
      target.token === undefined
        ? `no token was sent: pass --token or set ${TOKEN_ENV}`
        : `check --token / ${TOKEN_ENV} against the service's debug token`;
    throw new CliError('SL_CLI_TOKEN_REJECTED', `token rejected by ${url.origin} (HTTP ${status}): ${hint}`);
  }
  const detail = message === '' ? '' : `: ${message}`;
  throw new CliError('SL_CLI_REQUEST_FAILED', `${method} ${url.pathname} failed with HTTP ${status}${detail}`);
}

/** requestTarget, then the body parsed as JSON. */
export async function requestJson<T = unknown>(target: Target, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await requestTarget(target, path, options);
  const text = await readText(response, Number.POSITIVE_INFINITY);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError('SL_CLI_REQUEST_FAILED', `${endpointUrl(target, path).pathname} did not answer with JSON: ${text.slice(0, 200)}`);
  }
}
