import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  encodeExportResponse,
  encodeStatus,
  GrpcCode,
  OTLP_CONTENT_TYPES,
  OtlpDecodeError,
  type OtlpFormat,
  type OtlpSignal,
  otlpFormatOf,
} from '@sightline/otlp';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hostRefusal } from '../auth/index.js';
import { type CorsPolicy, corsResponseHeaders, preflightHeaders } from './cors.js';
import { IngestError } from './ingest-errors.js';
import type { IngestSink } from './ingest-sink.js';
import { readBody } from './read-body.js';

export interface OtlpRouteOptions {
  readonly sink: IngestSink;
  /** Largest body accepted, in bytes after decompression (the specification suggests 20 MiB). */
  readonly maxBodyBytes: number;
  readonly cors?: CorsPolicy | undefined;
  /** When set, every export must carry it as `x-otlp-api-key` or `Authorization: Bearer …`. */
  readonly ingestKey?: string | undefined;
  /**
   * When set, only requests addressed to a loopback name or one of these are taken (403
   * otherwise): a receiver on loopback without an ingest key is safe from other machines, not
   * from a page that rebinds its own name to 127.0.0.1 and posts telemetry as same-origin.
   */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Called with failures that are the receiver's fault (500s), for the console's own log. */
  readonly onInternalError?: ((error: unknown) => void) | undefined;
}

const SIGNALS: readonly OtlpSignal[] = ['traces', 'logs', 'metrics'];
const EMPTY = Buffer.alloc(0);

/**
 * OTLP/HTTP (opentelemetry-proto docs/specification.md): `POST /v1/{traces,logs,metrics}`,
 * protobuf and JSON on the same port chosen by Content-Type, the answer in the request's
 * encoding; 200 with an empty or partial-success body, 400/413/415 with a google.rpc.Status
 * for what a retry cannot fix, 503 + Retry-After for what it can.
 */
export function registerOtlpRoutes(app: FastifyInstance, options: OtlpRouteOptions): void {
  const { maxBodyBytes } = options;
  app.removeAllContentTypeParsers();
  // Every body is read here, raw: the media type decides the decoder, and the size limit
  // applies after decompression, which Fastify's own parsers cannot do.
  app.addContentTypeParser('*', (request, payload, done) => {
    if (otlpFormatOf(request.headers['content-type']) === undefined) {
      done(unsupportedMediaType(request.headers['content-type']), undefined);
      return;
    }
    readBody(payload, request.headers['content-encoding'], maxBodyBytes).then(
      (body) => done(null, body),
      (error: unknown) => done(error as Error, undefined),
    );
  });

  app.setErrorHandler((error, request, reply) => sendError(reply, request, error, options));
  if (options.allowedHosts !== undefined) {
    const refusal = hostRefusal(options.allowedHosts);
    // Before the body is read: a refused request costs nothing.
    app.addHook('onRequest', async (request) => {
      const message = refusal(request.headers.host);
      if (message !== undefined) throw new IngestError('SL_INGEST_FORBIDDEN_HOST', message);
    });
  }
  app.setNotFoundHandler(answerNotFound);
  for (const signal of SIGNALS) registerSignal(app, signal, options);
}

/** 405 for an OTLP path asked with another method (a browser's GET: it exists, for POST), 404 otherwise. */
function answerNotFound(request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0] ?? '';
  if (SIGNALS.some((signal) => path === `/v1/${signal}`)) {
    reply
      .code(405)
      .header('allow', 'POST, OPTIONS')
      .type('application/json')
      .send({ code: GrpcCode.INVALID_ARGUMENT, message: `${path} takes POST (OTLP/HTTP export requests), not ${request.method}` });
    return;
  }
  reply
    .code(404)
    .type('application/json')
    .send({ code: GrpcCode.INVALID_ARGUMENT, message: `no OTLP endpoint at ${request.url}` });
}

/** `OPTIONS` (CORS preflight) and `POST /v1/<signal>`: the key checked, the body handed to the sink. */
function registerSignal(app: FastifyInstance, signal: OtlpSignal, options: OtlpRouteOptions): void {
  const { sink, cors } = options;
  const keyBytes = options.ingestKey === undefined ? undefined : Buffer.from(options.ingestKey);
  const path = `/v1/${signal}`;
  app.options(path, (request, reply) => {
    const headers = preflightHeaders(cors, request.headers);
    reply
      .code(204)
      .headers(headers ?? {})
      .send();
  });
  app.post(path, async (request, reply) => {
    if (keyBytes !== undefined && !hasKey(request.headers, keyBytes)) {
      throw new IngestError(
        'SL_INGEST_UNAUTHENTICATED',
        'this receiver needs its ingest key: send x-otlp-api-key or Authorization: Bearer',
      );
    }
    const format = otlpFormatOf(request.headers['content-type']);
    if (format === undefined) throw unsupportedMediaType(request.headers['content-type']);
    const body = (request.body as Buffer | undefined) ?? EMPTY;
    const partial = await sink.ingest(signal, format, body);
    reply
      .code(200)
      .headers(corsResponseHeaders(cors, request.headers))
      .type(OTLP_CONTENT_TYPES[format])
      .send(Buffer.from(encodeExportResponse(signal, partial, format)));
  });
}

function unsupportedMediaType(contentType: string | undefined): IngestError {
  return new IngestError(
    'SL_INGEST_UNSUPPORTED_MEDIA_TYPE',
    `Content-Type "${contentType ?? ''}" is not OTLP: send application/x-protobuf or application/json`,
  );
}

function hasKey(headers: IncomingHttpHeaders, key: Buffer): boolean {
  const header = headers['x-otlp-api-key'];
  const authorization = headers.authorization;
  const offered =
    typeof header === 'string' ? header : authorization?.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : undefined;
  if (offered === undefined) return false;
  const offeredBytes = Buffer.from(offered);
  return offeredBytes.length === key.length && timingSafeEqual(offeredBytes, key);
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown, options: OtlpRouteOptions): void {
  // Errors are answered in the request's encoding when it has one, JSON otherwise.
  const format: OtlpFormat = otlpFormatOf(request.headers['content-type']) ?? 'json';
  const { statusCode, grpcCode, message, retryAfterSeconds } = classify(error);
  if (statusCode >= 500 && retryAfterSeconds === undefined) options.onInternalError?.(error);
  reply.code(statusCode).headers(corsResponseHeaders(options.cors, request.headers)).type(OTLP_CONTENT_TYPES[format]);
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  reply.send(Buffer.from(encodeStatus({ code: grpcCode, message }, format)));
}

interface Classified {
  statusCode: number;
  grpcCode: number;
  message: string;
  retryAfterSeconds?: number | undefined;
}

function classify(error: unknown): Classified {
  if (error instanceof OtlpDecodeError) return { statusCode: 400, grpcCode: GrpcCode.INVALID_ARGUMENT, message: error.message };
  if (error instanceof IngestError) {
    const grpcCode =
      error.statusCode === 401
        ? GrpcCode.UNAUTHENTICATED
        : error.statusCode === 403
          ? GrpcCode.PERMISSION_DENIED
          : error.statusCode === 503
            ? GrpcCode.UNAVAILABLE
            : GrpcCode.INVALID_ARGUMENT;
    return { statusCode: error.statusCode, grpcCode, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { statusCode: fastifyStatus, grpcCode: GrpcCode.INVALID_ARGUMENT, message: (error as Error).message };
  }
  return { statusCode: 500, grpcCode: GrpcCode.INTERNAL, message: 'the receiver failed to store this request' };
}
