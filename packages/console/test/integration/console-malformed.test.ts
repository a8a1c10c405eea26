import { gzipSync } from 'node:zlib';
import { bytes, concat, double, fixed64, hex, message, stringAttribute, string as text, varint } from '@sightline/otlp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';

// The malformed-input corpus against the whole console: the real receiver, the store's worker
// decoding the body, DuckDB behind it. Every body starts with a valid record and goes bad later,
// so "nothing partial stored" means something: the valid record must not be stored either.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

let running: RunningConsole;
beforeAll(async () => {
  running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
});
afterAll(async () => {
  await running?.close();
});

const rows = async () => (await running.store.stats()).rows;

function post(signal: 'traces' | 'logs' | 'metrics', body: Uint8Array | string, headers: Record<string, string>) {
  return fetch(`${running.otlpUrl}/v1/${signal}`, { method: 'POST', body, headers });
}
const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

// ------------------------------------------------------------------ protobuf bodies

/** A valid span, `index` telling spans apart. */
function protobufSpan(index: number, ...extra: Uint8Array[]): Uint8Array {
  const start = nowNs();
  return concat(
    hex(1, TRACE_ID),
    hex(2, (0x1000 + index).toString(16).padStart(16, '0')),
    text(5, `span ${index}`),
    varint(6, 2),
    fixed64(7, start),
    fixed64(8, start + 1_000_000n),
    ...extra,
  );
}

/** An ExportTraceServiceRequest: one resource, one scope, the spans given (their fields, unwrapped). */
function protobufTraces(service: string, ...spans: Uint8Array[]): Uint8Array {
  return message(
    1,
    message(1, stringAttribute(1, 'service.name', service)),
    message(2, message(1, text(1, 'corpus')), ...spans.map((span) => bytes(2, span))),
  );
}

function protobufLogs(service: string, ...records: Uint8Array[]): Uint8Array {
  return message(
    1,
    message(1, stringAttribute(1, 'service.name', service)),
    message(2, message(1, text(1, 'corpus')), ...records.map((record) => bytes(2, record))),
  );
}
const logRecord = (body: Uint8Array) => concat(fixed64(1, nowNs()), varint(2, 9), message(5, body));

function protobufGauge(service: string, ...points: Uint8Array[]): Uint8Array {
  const gauge = concat(text(1, 'corpus.gauge'), message(5, ...points.map((point) => bytes(1, point))));
  return message(1, message(1, stringAttribute(1, 'service.name', service)), message(2, message(1, text(1, 'corpus')), bytes(2, gauge)));
}
const gaugePoint = (value: number) => concat(fixed64(3, nowNs()), double(4, value));

// ------------------------------------------------------------------ JSON bodies

function jsonSpan(index: number, extra: Record<string, unknown> = {}) {
  const start = nowNs();
  return {
    traceId: TRACE_ID,
    spanId: (0x2000 + index).toString(16).padStart(16, '0'),
    name: `span ${index}`,
    kind: 2,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 1_000_000n).toString(),
    ...extra,
  };
}
const jsonTraces = (service: string, spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: 'corpus' }, spans }],
    },
  ],
});

/** An AnyValue of kvlists nested `levels` deep. */
function nestedKvlist(levels: number): unknown {
  let value: unknown = { stringValue: 'leaf' };
  for (let level = 0; level < levels; level++) value = { kvlistValue: { values: [{ key: `l${level}`, value }] } };
  return value;
}

interface CorpusCase {
  name: string;
  signal: 'traces' | 'logs' | 'metrics';
  body: () => Uint8Array | string;
  headers: Record<string, string>;
  status: number;
}

const GIANT = 'x'.repeat(1024 * 1024 + 1);

const CORPUS: CorpusCase[] = [
  {
    name: 'truncated protobuf (a two-span request cut inside its second span)',
    signal: 'traces',
    body: () => {
      const whole = protobufTraces('corpus-truncated', protobufSpan(1), protobufSpan(2));
      return whole.subarray(0, whole.length - 5);
    },
    headers: PROTOBUF,
    status: 400,
  },
  {
    name: 'a span name sent with the varint wire type',
    signal: 'traces',
    body: () => protobufTraces('corpus-wire-type', protobufSpan(1), concat(hex(1, TRACE_ID), hex(2, 'aaaaaaaaaaaaaaaa'), varint(5, 7))),
    headers: PROTOBUF,
    status: 400,
  },
  {
    name: 'a gauge value sent as a string',
    signal: 'metrics',
    body: () => protobufGauge('corpus-metric-wire-type', gaugePoint(1), concat(fixed64(3, nowNs()), text(4, 'one'))),
    headers: PROTOBUF,
    status: 400,
  },
  {
    name: 'invalid UTF-8 in a protobuf span name',
    signal: 'traces',
    body: () =>
      protobufTraces('corpus-utf8', protobufSpan(1), concat(hex(1, TRACE_ID), hex(2, 'bbbbbbbbbbbbbbbb'), bytes(5, [0xff, 0xfe]))),
    headers: PROTOBUF,
    status: 400,
  },
  {
    name: 'invalid UTF-8 in a protobuf log body',
    signal: 'logs',
    body: () => protobufLogs('corpus-log-utf8', logRecord(text(1, 'fine')), logRecord(bytes(1, [0x6f, 0xc3, 0x28]))),
    headers: PROTOBUF,
    status: 400,
  },
  {
    name: 'invalid UTF-8 inside a JSON string',
    signal: 'logs',
    body: () => {
      const before = Buffer.from('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"fine"}},{"body":{"stringValue":"');
      return Buffer.concat([before, Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}]}]}]}')]) as Uint8Array;
    },
    headers: JSON_TYPE,
    status: 400,
  },
  {
    name: 'a giant attribute value (1 MiB + 1) in protobuf',
    signal: 'traces',
    body: () => protobufTraces('corpus-giant', protobufSpan(1), protobufSpan(2, stringAttribute(9, 'giant', GIANT))),
    headers: PROTOBUF,
    status: 400,
  },
  {
    name: 'a giant attribute value (1 MiB + 1) in JSON',
    signal: 'traces',
    body: () =>
      JSON.stringify(
        jsonTraces('corpus-giant-json', [jsonSpan(1), jsonSpan(2, { attributes: [{ key: 'giant', value: { stringValue: GIANT } }] })]),
      ),
    headers: JSON_TYPE,
    status: 400,
  },
  {
    name: 'JSON nested 100,000 levels deep',
    signal: 'traces',
    body: () => {
      const valid = JSON.stringify(jsonTraces('corpus-deep', [jsonSpan(1), '@@']));
      const deep = `{"attributes":[{"key":"deep","value":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;
      return valid.replace('"@@"', deep);
    },
    headers: JSON_TYPE,
    status: 400,
  },
  {
    name: 'an attribute of kvlists nested past the AnyValue depth limit (JSON)',
    signal: 'traces',
    body: () =>
      JSON.stringify(jsonTraces('corpus-kvlist', [jsonSpan(1), jsonSpan(2, { attributes: [{ key: 'deep', value: nestedKvlist(33) }] })])),
    headers: JSON_TYPE,
    status: 400,
  },
  {
    name: 'a gzip bomb (64 MiB of zeros in under 100 KiB)',
    signal: 'traces',
    body: () => gzipSync(Buffer.alloc(64 * 1024 * 1024)),
    headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
    status: 413,
  },
  {
    name: 'a body that says gzip and is not',
    signal: 'traces',
    body: () => protobufTraces('corpus-not-gzip', protobufSpan(1)),
    headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
    status: 400,
  },
];

describe('the malformed-input corpus against the running console', () => {
  it.each(CORPUS)('answers $status to $name with a google.rpc.Status, storing nothing', async (corpusCase) => {
    const before = await rows();
    const response = await post(corpusCase.signal, corpusCase.body(), corpusCase.headers);
    expect(response.status).toBe(corpusCase.status);
    const answer = new Uint8Array(await response.arrayBuffer());
    if (corpusCase.headers['content-type'] === 'application/json') {
      const status = JSON.parse(Buffer.from(answer).toString()) as { code: number; message: string };
      expect(status.code).toBe(3);
      expect(status.message).not.toBe('');
    } else {
      expect(response.headers.get('content-type')).toBe('application/x-protobuf');
      expect([answer[0], answer[1]]).toEqual([0x08, 3]); // google.rpc.Status code = INVALID_ARGUMENT
    }
    expect(await rows()).toEqual(before);
  });

  it('names the field at fault in the 400 it answers from the worker', async () => {
    const body = JSON.stringify(jsonTraces('corpus-named', [jsonSpan(1), jsonSpan(2, { name: { not: 'a string' } })]));
    const response = await post('traces', body, JSON_TYPE);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('resourceSpans[0].scopeSpans[0].spans[1].name');
  });

  it('stays up after the whole corpus: valid spans, logs and points are stored again, exactly', async () => {
    for (const corpusCase of CORPUS) await post(corpusCase.signal, corpusCase.body(), corpusCase.headers);
    const before = await rows();
    expect((await post('traces', protobufTraces('corpus-after', protobufSpan(1), protobufSpan(2)), PROTOBUF)).status).toBe(200);
    expect((await post('logs', protobufLogs('corpus-after', logRecord(text(1, 'fine'))), PROTOBUF)).status).toBe(200);
    expect((await post('metrics', protobufGauge('corpus-after', gaugePoint(1), gaugePoint(2)), PROTOBUF)).status).toBe(200);
    expect(await rows()).toEqual({ ...before, spans: before.spans + 2, logs: before.logs + 1, metricPoints: before.metricPoints + 2 });
    const traces = (await (await fetch(`${running.url}/api/traces?service=corpus-after`)).json()) as { traces: { spanCount: number }[] };
    expect(traces.traces).toEqual([expect.objectContaining({ spanCount: 2 })]);
  });

  it('stores the valid spans of a partial success and reports the rejected one, through the store', async () => {
    const before = await rows();
    const body = JSON.stringify(jsonTraces('corpus-partial', [jsonSpan(1), jsonSpan(2, { spanId: '0000000000000000' }), jsonSpan(3)]));
    const response = await post('traces', body, JSON_TYPE);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe('1');
    expect(answer.partialSuccess.errorMessage).toContain('spanId');
    expect((await rows()).spans).toBe(before.spans + 2);
  });
});
