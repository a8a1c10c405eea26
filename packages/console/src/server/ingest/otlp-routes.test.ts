import { gzipSync } from 'node:zlib';
import {
  type DecodedLogs,
  type DecodedTraces,
  decodeLogsRequest,
  decodeTraceRequest,
  type OtlpFormat,
  type OtlpSignal,
} from '@sightline/otlp';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestError } from './ingest-errors.js';
import type { IngestSink } from './ingest-sink.js';
import type { OtlpRouteOptions } from './otlp-routes.js';
import { createOtlpServer } from './otlp-server.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';

/** A sink that decodes with the real codec and keeps what it got (the store is tested on its own). */
function recordingSink(): IngestSink & { traces: DecodedTraces[]; logs: DecodedLogs[]; calls: number } {
  const sink = {
    traces: [] as DecodedTraces[],
    logs: [] as DecodedLogs[],
    calls: 0,
    async ingest(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array) {
      sink.calls += 1;
      if (signal === 'traces') {
        const decoded = decodeTraceRequest(body, format);
        sink.traces.push(decoded);
        return decoded.rejected === 0 ? undefined : { rejected: decoded.rejected, errorMessage: decoded.errorMessage };
      }
      if (signal === 'logs') sink.logs.push(decodeLogsRequest(body, format));
      return undefined;
    },
  };
  return sink;
}

function spanJson(spanId: string, traceId = TRACE_ID) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId,
                spanId,
                name: 'GET /orders/:id',
                kind: 2,
                startTimeUnixNano: '1764633600123456789',
                endTimeUnixNano: '1764633600223456789',
              },
            ],
          },
        ],
      },
    ],
  };
}

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Partial<OtlpRouteOptions> = {}) {
  const sink = recordingSink();
  server = createOtlpServer({ sink, maxBodyBytes: 1024 * 1024, ...overrides });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  return { sink, url: address };
}

function post(url: string, path: string, body: Uint8Array | string, headers: Record<string, string>) {
  return fetch(`${url}${path}`, { method: 'POST', body, headers });
}

describe('OTLP/HTTP receiver', () => {
  it('accepts JSON with a charset parameter and answers an empty JSON response', async () => {
    const { sink, url } = await start();
    // The end time goes out as a bare JSON number above 2^53, as some exporters write int64.
    const text = JSON.stringify(spanJson('eee19b7ec3c1b174')).replace(
      '"endTimeUnixNano":"1764633600223456789"',
      '"endTimeUnixNano":1764633600223456789',
    );
    expect(text).toContain(':1764633600223456789}');
    const response = await post(url, '/v1/traces', text, { 'content-type': 'application/json; charset=utf-8' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{}');
    const span = sink.traces[0]?.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span?.traceId).toBe(TRACE_ID);
    // int64 as a string and as a number, both exact.
    expect(span?.startTimeUnixNano).toBe(1764633600123456789n);
    expect(span?.endTimeUnixNano).toBe(1764633600223456789n);
  });

  it('inflates a gzip body and answers protobuf with an empty message', async () => {
    const { sink, url } = await start();
    const upstream = await import('@opentelemetry/otlp-transformer');
    const body = upstream.ProtobufLogsSerializer.serializeRequest([]) ?? new Uint8Array();
    const response = await post(url, '/v1/logs', gzipSync(body), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    expect(sink.logs).toHaveLength(1);
  });

  it('answers an empty request with success', async () => {
    const { url } = await start();
    const response = await post(url, '/v1/metrics', new Uint8Array(), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(200);
  });

  it('reports a span with an invalid id as a partial success', async () => {
    const { url } = await start();
    const body = spanJson('eee19b7ec3c1b174');
    const spans = body.resourceSpans[0]?.scopeSpans[0]?.spans;
    spans?.push({ ...(spans[0] as (typeof spans)[number]), spanId: '0000000000000000' });
    const response = await post(url, '/v1/traces', JSON.stringify(body), { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe('1');
    expect(answer.partialSuccess.errorMessage).not.toBe('');
  });

  it('answers a malformed payload with 400 and a google.rpc.Status naming the field', async () => {
    const { sink, url } = await start();
    const body = spanJson('eee19b7ec3c1b174') as unknown as { resourceSpans: { scopeSpans: { spans: { name: unknown }[] }[] }[] };
    (body.resourceSpans[0]?.scopeSpans[0]?.spans[0] as { name: unknown }).name = { not: 'a string' };
    const response = await post(url, '/v1/traces', JSON.stringify(body), { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    const status = (await response.json()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toContain('resourceSpans[0].scopeSpans[0].spans[0].name');
    expect(sink.traces).toHaveLength(0);
  });

  it('answers a truncated protobuf body with 400 in protobuf', async () => {
    const { url } = await start();
    const response = await post(url, '/v1/traces', new Uint8Array([0x0a, 0x50, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes[0]).toBe(0x08); // field 1 (code), varint
    expect(bytes[1]).toBe(3); // INVALID_ARGUMENT
  });

  it('stops a gzip bomb at the decompressed limit with 413, before the sink sees it', async () => {
    const { sink, url } = await start({ maxBodyBytes: 1024 * 1024 });
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const response = await post(url, '/v1/traces', bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(sink.calls).toBe(0);
  });

  it('answers 413 to an uncompressed body over the limit', async () => {
    const { sink, url } = await start({ maxBodyBytes: 1000 });
    const response = await post(url, '/v1/traces', new Uint8Array(5000), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(413);
    expect(sink.calls).toBe(0);
  });

  it('answers 400 to a body that says gzip and is not', async () => {
    const { url } = await start();
    const response = await post(url, '/v1/traces', 'not gzip at all', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
  });

  it('answers 415 to other media types and other content encodings', async () => {
    const { url } = await start();
    expect((await post(url, '/v1/traces', 'hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', 'content-encoding': 'br' })).status).toBe(415);
  });

  it('answers 405 naming POST to another method on an OTLP path, 404 elsewhere', async () => {
    const { url } = await start();
    const get = await fetch(`${url}/v1/traces`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(((await get.json()) as { message: string }).message).toBe('/v1/traces takes POST (OTLP/HTTP export requests), not GET');
    expect((await fetch(`${url}/v1/spans`)).status).toBe(404);
  });

  it('answers 503 with Retry-After when the sink is overloaded', async () => {
    const { url } = await start({
      sink: {
        ingest: async () => {
          throw new IngestError('SL_INGEST_OVERLOADED', 'the ingest queue is full', { retryAfterSeconds: 2 });
        },
      },
    });
    const response = await post(url, '/v1/traces', '{}', { 'content-type': 'application/json' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { code: number }).code).toBe(14);
  });

  it('sends CORS headers on the preflight and on the POST for allowed origins only', async () => {
    const { url } = await start({
      cors: { allowedOrigins: ['http://app.test'], allowedHeaders: ['content-type'], maxAgeSeconds: 600 },
    });
    const preflight = await fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', origin: 'http://app.test' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
    const other = await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', origin: 'http://evil.test' });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const { url } = await start();
    const response = await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', origin: 'http://app.test' });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('requires the ingest key when one is set', async () => {
    const { sink, url } = await start({ ingestKey: 'k-123' });
    expect((await post(url, '/v1/traces', '{}', { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', 'x-otlp-api-key': 'k-12' })).status).toBe(401);
    expect((await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', 'x-otlp-api-key': 'k-123' })).status).toBe(200);
    expect((await post(url, '/v1/traces', '{}', { 'content-type': 'application/json', authorization: 'Bearer k-123' })).status).toBe(200);
    expect(sink.calls).toBe(2);
  });
});
