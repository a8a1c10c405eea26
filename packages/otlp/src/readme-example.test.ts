import { readFileSync } from 'node:fs';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { handleTraces, received } from './readme-example.fixture.js';
import { upstreamSpans } from './upstream.fixture.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the README example', () => {
  it('is the code of readme-example.fixture.ts, which this file runs', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(new URL('./readme-example.fixture.ts', import.meta.url), 'utf8'));
  });

  it('stores the spans of a valid request and answers 200 with an empty response', async () => {
    received.length = 0;
    const spans = await upstreamSpans();
    const answer = handleTraces('application/x-protobuf', ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
    expect(answer).toMatchObject({ status: 200, contentType: 'application/x-protobuf' });
    expect(answer.body).toHaveLength(0);
    expect(received.map((span) => span.spanId).sort()).toEqual(spans.map((span) => span.spanContext().spanId).sort());
  });

  it('answers a span with a bad id with a partial success, in the request format', () => {
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'abc', spanId: 'eee19b7ec3c1b174' }] }] }] });
    const answer = handleTraces('application/json; charset=utf-8', new TextEncoder().encode(body));
    expect(answer.status).toBe(200);
    expect(JSON.parse(text(answer.body))).toEqual({
      partialSuccess: { rejectedSpans: '1', errorMessage: '1 span rejected: resourceSpans[0].scopeSpans[0].spans[0]: traceId is not hex' },
    });
  });

  it('answers a malformed payload with 400 and a google.rpc.Status naming the field', async () => {
    const body = JsonTraceSerializer.serializeRequest(await upstreamSpans()) as Uint8Array;
    const answer = handleTraces('application/json', body.subarray(0, body.length - 1));
    expect(answer.status).toBe(400);
    expect(JSON.parse(text(answer.body))).toMatchObject({ code: 3, message: expect.stringMatching(/^the body is not JSON/) });
  });

  it('answers 415 to another content type', () => {
    expect(handleTraces('text/plain', new Uint8Array()).status).toBe(415);
  });
});
