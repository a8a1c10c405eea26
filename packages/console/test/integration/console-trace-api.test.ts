import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';

// GET /api/traces/{traceId} as the issue words it: every span with its service name, parent id,
// attributes, events and links, fed over OTLP/JSON with upper-case hex ids in spans, links and
// log records (the specification's JSON ids are hex, case-insensitive).

const TRACE_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ROOT_ID = '1111111111111111';
const CHILD_ID = '2222222222222222';
const LINKED_TRACE = 'ffeeddccbbaa99887766554433221100';
const LINKED_SPAN = 'abcdef0123456789';

let running: RunningConsole;
const startNs = BigInt(Date.now() - 5_000) * 1_000_000n;
const at = (ms: number) => (startNs + BigInt(ms) * 1_000_000n).toString();
const service = (name: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: name } }] });

async function post(signal: 'traces' | 'logs', body: unknown): Promise<void> {
  const response = await fetch(`${running.otlpUrl}/v1/${signal}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status, await response.text()).toBe(200);
}

beforeAll(async () => {
  running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  await post('traces', {
    resourceSpans: [
      {
        resource: service('gateway'),
        scopeSpans: [
          {
            scope: { name: 'links-test' },
            spans: [
              {
                traceId: TRACE_ID.toUpperCase(),
                spanId: ROOT_ID,
                name: 'GET /jobs/:id',
                kind: 2,
                startTimeUnixNano: at(0),
                endTimeUnixNano: at(40),
                attributes: [{ key: 'http.route', value: { stringValue: '/jobs/:id' } }],
                links: [
                  {
                    traceId: LINKED_TRACE.toUpperCase(),
                    spanId: LINKED_SPAN.toUpperCase(),
                    attributes: [{ key: 'link.reason', value: { stringValue: 'enqueued by' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        resource: service('worker'),
        scopeSpans: [
          {
            scope: { name: 'links-test' },
            spans: [
              {
                traceId: TRACE_ID,
                spanId: CHILD_ID,
                parentSpanId: ROOT_ID.toUpperCase(),
                name: 'process job',
                kind: 1,
                startTimeUnixNano: at(5),
                endTimeUnixNano: at(35),
                status: { code: 2, message: 'job failed' },
                events: [{ timeUnixNano: at(20), name: 'retry', attributes: [{ key: 'attempt', value: { intValue: '2' } }] }],
              },
            ],
          },
        ],
      },
    ],
  });
  await post('logs', {
    resourceLogs: [
      {
        resource: service('worker'),
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: at(21),
                severityNumber: 17,
                body: { stringValue: 'job failed' },
                traceId: TRACE_ID.toUpperCase(),
                spanId: CHILD_ID,
              },
            ],
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await running?.close();
});

describe('GET /api/traces/{traceId}', () => {
  it('returns every span with its service, parent id, attributes, events and links, ids in lower-case hex', async () => {
    const answer = (await (await fetch(`${running.url}/api/traces/${TRACE_ID}`)).json()) as {
      traceId: string;
      spans: Record<string, unknown>[];
    };
    expect(answer.traceId).toBe(TRACE_ID);
    const byId = new Map(answer.spans.map((span) => [span.spanId, span]));
    expect(byId.get(ROOT_ID)).toMatchObject({
      service: 'gateway',
      parentSpanId: null,
      name: 'GET /jobs/:id',
      kind: 'server',
      attributes: { 'http.route': '/jobs/:id' },
      links: [{ traceId: LINKED_TRACE, spanId: LINKED_SPAN, attributes: { 'link.reason': 'enqueued by' } }],
    });
    expect(byId.get(CHILD_ID)).toMatchObject({
      service: 'worker',
      parentSpanId: ROOT_ID,
      kind: 'internal',
      status: 'error',
      statusMessage: 'job failed',
      events: [{ timeUnixNano: at(20), name: 'retry', attributes: { attempt: 2 } }],
      links: [],
    });
  });

  it('returns the outline: each span with only its tree, timing and status fields; 404 for an unknown trace, 400 for a bad id', async () => {
    const response = await fetch(`${running.url}/api/traces/${TRACE_ID}/outline`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const answer = (await response.json()) as { traceId: string; spans: Record<string, unknown>[] };
    expect(answer.traceId).toBe(TRACE_ID);
    const byId = new Map(answer.spans.map((span) => [span.spanId, span]));
    expect(byId.get(CHILD_ID)).toEqual({
      spanId: CHILD_ID,
      parentSpanId: ROOT_ID,
      service: 'worker',
      name: expect.any(String),
      kind: 'internal',
      startTimeUnixNano: expect.stringMatching(/^\d+$/),
      durationMs: expect.any(Number),
      status: 'error',
    });
    expect(byId.get(ROOT_ID)).toMatchObject({ parentSpanId: null, service: 'gateway', name: 'GET /jobs/:id', kind: 'server' });
    expect((await fetch(`${running.url}/api/traces/${'0'.repeat(32)}/outline`)).status).toBe(404);
    const bad = await fetch(`${running.url}/api/traces/not-a-trace/outline`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('traceId');
  });

  it('finds the log record sent with an upper-case trace id by its trace id', async () => {
    const answer = (await (await fetch(`${running.url}/api/logs?traceId=${TRACE_ID}`)).json()) as {
      logs: { body: unknown; traceId: string; spanId: string }[];
    };
    expect(answer.logs).toEqual([expect.objectContaining({ body: 'job failed', traceId: TRACE_ID, spanId: CHILD_ID })]);
  });
});
