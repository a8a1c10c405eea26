import type { IncomingHttpHeaders } from 'node:http';

/**
 * CORS for browser OTLP exporters. Off unless origins are configured; the answer to the
 * preflight AND to the POST both carry the headers (a Collector once forgot the second and
 * browsers dropped every export: opentelemetry-collector#13402).
 */
export interface CorsPolicy {
  /** Exact origins (`https://app.example.com`), or `*` for any. */
  readonly allowedOrigins: readonly string[];
  /** Request headers a browser may send besides the CORS-safelisted ones. */
  readonly allowedHeaders: readonly string[];
  /** How long a browser may cache the preflight, in seconds. */
  readonly maxAgeSeconds: number;
}

export const DEFAULT_CORS_HEADERS = ['content-type', 'content-encoding', 'authorization', 'x-otlp-api-key'] as const;

/** The Access-Control-Allow-Origin value for this request's Origin, or undefined to send none. */
export function allowedOrigin(policy: CorsPolicy | undefined, headers: IncomingHttpHeaders): string | undefined {
  const origin = headers.origin;
  if (policy === undefined || origin === undefined || policy.allowedOrigins.length === 0) return undefined;
  if (policy.allowedOrigins.includes('*')) return '*';
  return policy.allowedOrigins.includes(origin) ? origin : undefined;
}

/** Headers for an actual (POST) response. */
export function corsResponseHeaders(policy: CorsPolicy | undefined, headers: IncomingHttpHeaders): Record<string, string> {
  const origin = allowedOrigin(policy, headers);
  if (origin === undefined) return {};
  return origin === '*' ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** Headers for the answer to a preflight; undefined when the origin is not allowed. */
export function preflightHeaders(policy: CorsPolicy | undefined, headers: IncomingHttpHeaders): Record<string, string> | undefined {
  const origin = allowedOrigin(policy, headers);
  if (origin === undefined || policy === undefined) return undefined;
  return {
    ...corsResponseHeaders(policy, headers),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': policy.allowedHeaders.join(', '),
    'access-control-max-age': String(policy.maxAgeSeconds),
  };
}
