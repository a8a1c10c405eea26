import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connectionReason } from '../connection-reason.js';
import { CliError } from '../errors.js';

export const CONSOLE_URL_ENV = 'SIGHTLINE_CONSOLE_URL';
export const CONSOLE_TOKEN_ENV = 'SIGHTLINE_CONSOLE_TOKEN';
export const DEFAULT_CONSOLE_URL = 'http://127.0.0.1:18888';
const ERROR_BODY_LIMIT = 64 * 1024;
const DEFAULT_UI_PORT = new URL(DEFAULT_CONSOLE_URL).port;
/** How the console's OTLP port answers a path it does not serve (ingest/otlp-routes.ts). */
const OTLP_NOT_FOUND = 'no OTLP endpoint at ';

/** A running console's API: its base URL and the bearer token it expects (if any). */
export interface ConsoleTarget {
  readonly url: URL;
  readonly token: string | undefined;
}

/** `--console`, else SIGHTLINE_CONSOLE_URL, else the console's default; the token from SIGHTLINE_CONSOLE_TOKEN. */
export function resolveConsole(flag: string | undefined, env: Record<string, string | undefined>): ConsoleTarget {
  const text = (flag ?? env[CONSOLE_URL_ENV] ?? DEFAULT_CONSOLE_URL).trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new CliError('SL_CLI_TARGET_INVALID', `console URL "${text}" is not a URL; use e.g. ${DEFAULT_CONSOLE_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('SL_CLI_TARGET_INVALID', `console URL "${text}" must be an http:// or https:// URL`);
  }
  // The URL the console prints may carry a login path or query: only the origin (and a prefix) count.
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/(login|api)$/, '');
  url.search = '';
  url.hash = '';
  const token = env[CONSOLE_TOKEN_ENV];
  return { url, token: token === undefined || token === '' ? undefined : token };
}

export type QueryValue = string | number | boolean | undefined;

/** `/api/traces` + query on the console's base URL; repeated keys come from `[key, value]` pairs. */
export function apiUrl(target: ConsoleTarget, path: string, query: Record<string, QueryValue> | [string, string][] = {}): URL {
  const url = new URL(target.url.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  const entries = Array.isArray(query) ? query : Object.entries(query);
  for (const [key, value] of entries) if (value !== undefined) url.searchParams.append(key, String(value));
  return url;
}

function connectionError(target: ConsoleTarget, error: NodeJS.ErrnoException): CliError {
  const where = target.url.origin;
  if (error.name === 'AbortError') return new CliError('SL_CLI_ABORTED', `request to ${where} aborted`, { cause: error });
  const reason = connectionReason(error, target.url.hostname);
  return new CliError(
    'SL_CLI_CONSOLE_UNREACHABLE',
    `cannot reach the console at ${where} (${reason}). Start it with \`sightline console\` (or \`npm start\` in the repository), ` +
      `or point at a running one with --console URL or ${CONSOLE_URL_ENV}`,
    { cause: error },
  );
}

async function readText(response: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of response) {
    if (text.length < limit) text += (chunk as Buffer).toString('utf8');
  }
  return text.length > limit ? text.slice(0, limit) : text;
}

interface ApiErrorBody {
  message?: unknown;
  error?: unknown;
  issues?: { parameter?: unknown; message?: unknown }[];
}

/** The API's own answer to a refused request: its message and, for a 400, every issue on a line. */
async function refusal(target: ConsoleTarget, url: URL, response: IncomingMessage, method: string): Promise<CliError> {
  const status = response.statusCode ?? 0;
  const text = (await readText(response, ERROR_BODY_LIMIT).catch(() => '')).trim();
  let body: ApiErrorBody = {};
  try {
    body = JSON.parse(text) as ApiErrorBody;
  } catch {
    body = { message: text };
  }
  const message = typeof body.message === 'string' && body.message !== '' ? body.message : `HTTP ${status}`;
  if (status === 401 || status === 403) {
    const hint = target.token === undefined ? `set ${CONSOLE_TOKEN_ENV} to the console's token` : `check ${CONSOLE_TOKEN_ENV}`;
    return new CliError('SL_CLI_TOKEN_REJECTED', `the console at ${url.origin} refused the request (HTTP ${status}): ${hint}`);
  }
  if (status === 404 && message.startsWith(OTLP_NOT_FOUND)) {
    const api = new URL(url.origin);
    api.port = DEFAULT_UI_PORT;
    return new CliError(
      'SL_CLI_TARGET_INVALID',
      `${url.origin} is the console's OTLP receiver (404: no OTLP endpoint at ${url.pathname}); the API is on the UI port, default ${DEFAULT_UI_PORT}: try --console ${api.origin}`,
    );
  }
  if (status === 400) {
    const issues = (body.issues ?? []).map((issue) => `\n  ${String(issue.parameter)}: ${String(issue.message)}`).join('');
    return new CliError('SL_CLI_QUERY_INVALID', `the console refused the ${method === 'GET' ? 'query' : 'request'}: ${message}${issues}`);
  }
  return new CliError('SL_CLI_REQUEST_FAILED', `${method} ${url.pathname} failed with HTTP ${status}: ${message}`);
}

/** A request that changes something: its method and JSON body (none for a DELETE). */
export interface ConsoleChange {
  readonly method: 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
}

/** One request to the console's API (a GET unless `change` says); resolves with the 2xx response, body unread (callers stream it). */
export async function requestConsole(
  target: ConsoleTarget,
  url: URL,
  signal?: AbortSignal,
  accept = 'application/json',
  change?: ConsoleChange,
): Promise<IncomingMessage> {
  const headers: Record<string, string> = { accept };
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  const body = change?.body === undefined ? undefined : JSON.stringify(change.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const method = change?.method ?? 'GET';
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(url, { method, headers, signal }, resolve);
    request.once('error', (error: NodeJS.ErrnoException) => reject(connectionError(target, error)));
    request.end(body);
  });
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return response;
  throw await refusal(target, url, response, method);
}

/** GET and parse the JSON answer. */
export function getJson<T>(target: ConsoleTarget, url: URL, signal?: AbortSignal): Promise<T> {
  return jsonOf<T>(url, requestConsole(target, url, signal));
}

/** GET a text answer (e.g. Markdown) whole. */
export async function getText(target: ConsoleTarget, url: URL, accept: string, signal?: AbortSignal): Promise<string> {
  return readText(await requestConsole(target, url, signal, accept), Number.POSITIVE_INFINITY);
}

/** A PUT, POST or DELETE (its body as JSON) and the parsed JSON answer. */
export function sendJson<T>(target: ConsoleTarget, url: URL, change: ConsoleChange, signal?: AbortSignal): Promise<T> {
  return jsonOf<T>(url, requestConsole(target, url, signal, 'application/json', change));
}

async function jsonOf<T>(url: URL, answer: Promise<IncomingMessage>): Promise<T> {
  const text = await readText(await answer, Number.POSITIVE_INFINITY);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError('SL_CLI_REQUEST_FAILED', `${url.pathname} did not answer with JSON: ${text.slice(0, 200)}`);
  }
}
