import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';

const run = promisify(execFile);
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const NODE_ARGS = ['--conditions=sightline-source', '--import', 'tsx'];

interface TraceAnswer {
  spans: {
    spanId: string;
    parentSpanId: string | null;
    service: string;
    name: string;
    kind: string;
    status: string;
    events: { name: string; attributes: Record<string, unknown> }[];
    errorGroups: string[];
  }[];
}

let consoleApp: RunningConsole;
const api = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${consoleApp.url}${path}`);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

beforeAll(async () => {
  consoleApp = await startConsole({ memory: true, port: 0, otlpPort: 0 });
});
afterAll(async () => {
  await consoleApp?.close();
});

describe.each(['protobuf', 'json'])('the upstream OpenTelemetry JS exporters over OTLP/HTTP %s', (encoding) => {
  let ids: { traceId: string; spanId: string };
  const service = `upstream-${encoding}`;

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [...NODE_ARGS, `${FIXTURES}upstream-exporter.ts`], {
      env: { ...process.env, FIXTURE_OTLP_URL: consoleApp.otlpUrl, FIXTURE_ENCODING: encoding, FIXTURE_SERVICE: service },
    });
    ids = JSON.parse(stdout.trim().split('\n').at(-1) as string);
  });

  it('stores the trace: both spans with parent, kind, status and the exception event', async () => {
    const trace = await api<TraceAnswer>(`/api/traces/${ids.traceId}`);
    expect(trace.spans).toHaveLength(2);
    const server = trace.spans.find((span) => span.spanId === ids.spanId);
    const client = trace.spans.find((span) => span.spanId !== ids.spanId);
    expect(server).toMatchObject({ service, name: 'GET /checkout/:id', kind: 'server', status: 'error', parentSpanId: null });
    expect(client).toMatchObject({ name: 'SELECT orders', kind: 'client', parentSpanId: ids.spanId });
    expect(server?.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TypeError', 'exception.message': 'cart is empty' },
    });
  });

  it('finds the trace by search and its log records by trace id', async () => {
    const search = await api<{
      traces: { traceId: string; spanCount: number; errorCount: number; startTimeUnixNano: string; endTimeUnixNano: string }[];
    }>(`/api/traces?service=${service}&status=error&since=1h`);
    expect(search.traces).toContainEqual(expect.objectContaining({ traceId: ids.traceId, spanCount: 2, errorCount: 1 }));
    // The summary's start and end are the hint the UI's trace links carry; a malformed one is a 400 naming it.
    const summary = search.traces.find((trace) => trace.traceId === ids.traceId)!;
    expect(BigInt(summary.endTimeUnixNano)).toBeGreaterThan(BigInt(summary.startTimeUnixNano));
    const hinted = await api<TraceAnswer>(`/api/traces/${ids.traceId}?start=${summary.startTimeUnixNano}&end=${summary.endTimeUnixNano}`);
    expect(hinted.spans).toHaveLength(2);
    const bad = await fetch(`${consoleApp.url}/api/traces/${ids.traceId}?start=yesterday`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('start');
    const logs = await api<{ logs: { body: unknown; severityText: string; spanId: string }[] }>(`/api/logs?traceId=${ids.traceId}`);
    expect(logs.logs.map((log) => log.body).sort()).toEqual(['checkout failed', `checkout started by ${service}`]);
    expect(logs.logs.every((log) => log.spanId === ids.spanId)).toBe(true);
  });

  it('groups the exception of the span event and of the log record as one occurrence', async () => {
    const groups = await api<{ groups: { fingerprint: string; type: string; count: number; services: string[]; routes: string[] }[] }>(
      `/api/errors?service=${service}`,
    );
    expect(groups.groups).toHaveLength(1);
    expect(groups.groups[0]).toMatchObject({ type: 'TypeError', count: 1, services: [service], routes: ['/checkout/:id'] });
    // The same throw site in the other encoding's run is the same bug: the group spans both services.
    // The occurrence list says the same: one row for this trace, recorded by the span and the log.
    const detail = await api<{ occurrences: { traceId: string; sources: string[]; recordings: number }[] }>(
      `/api/errors/${groups.groups[0]?.fingerprint}`,
    );
    const mine = detail.occurrences.filter((occurrence) => occurrence.traceId === ids.traceId);
    expect(mine).toEqual([expect.objectContaining({ sources: ['log', 'span'], recordings: 2 })]);
  });

  it('counts a group per bucket sized from the window: a minute in 1 h, half an hour in 24 h, on its own page from its age', async () => {
    type Group = { fingerprint: string; count: number; series: { timesMs: number[]; counts: number[]; bucketMs: number } };
    const first = async (path: string) => (await api<{ groups: Group[] }>(path)).groups[0]!;
    const hour = await first(`/api/errors?service=${service}&since=1h`);
    expect(hour.series.bucketMs).toBe(60_000);
    for (const time of hour.series.timesMs) expect(time % 60_000).toBe(0);
    expect(hour.series.counts.reduce((sum, count) => sum + count, 0)).toBe(hour.count);
    expect((await first(`/api/errors?service=${service}`)).series.bucketMs).toBe(1_800_000);
    expect((await first(`/api/errors?service=${service}&since=7d`)).series.bucketMs).toBe(3 * 3_600_000);
    // First seen seconds ago: its own page counts it per minute, as the last hour's list does.
    const own = await api<Group>(`/api/errors/${hour.fingerprint}`);
    expect(own.series.bucketMs).toBe(60_000);
    expect(own.series.counts.reduce((sum, count) => sum + count, 0)).toBe(own.count);
  });
});

describe('a service instrumented with the Sightline SDK', () => {
  let child: ChildProcess;
  let baseUrl: string;
  beforeAll(async () => {
    child = spawn(process.execPath, [...NODE_ARGS, `${FIXTURES}sdk-exporter-service.ts`], {
      env: { ...process.env, FIXTURE_OTLP_URL: consoleApp.otlpUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    baseUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stderr! }).on('line', (line) => {
        const match = /^LISTENING (\d+)$/.exec(line);
        if (match) resolve(`http://127.0.0.1:${match[1]}`);
      });
      child.once('exit', (code) => reject(new Error(`the service exited (${code})`)));
    });
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('lands its server spans, its logs and its error group with the fingerprint the SDK gave it', async () => {
    const traceparent = (id: string) => `00-${id}-00f067aa0ba902b7-01`;
    const okTrace = 'a1'.repeat(16);
    const boomTrace = 'b2'.repeat(16);
    await (await fetch(`${baseUrl}/ok`, { headers: { traceparent: traceparent(okTrace) } })).text();
    expect((await fetch(`${baseUrl}/boom`, { headers: { traceparent: traceparent(boomTrace) } })).status).toBe(500);

    const trace = await eventually(
      async () => {
        const response = await fetch(`${consoleApp.url}/api/traces/${boomTrace}`);
        return response.status === 200 ? ((await response.json()) as TraceAnswer) : undefined;
      },
      'the failed request trace',
      15_000,
    );
    const server = trace.spans[0];
    expect(server).toMatchObject({ service: 'sdk-service', kind: 'server', status: 'error' });
    const exception = server?.events.find((event) => event.name === 'exception');
    const fingerprint = exception?.attributes['sightline.error.fingerprint'];
    expect(typeof fingerprint).toBe('string');

    const groups = await eventually(async () => {
      const answer = await api<{ groups: { fingerprint: string; message: string }[] }>('/api/errors?service=sdk-service');
      return answer.groups.length > 0 ? answer.groups : undefined;
    }, 'the error group');
    expect(groups[0]).toMatchObject({ fingerprint, message: 'sdk handler exploded' });

    const logs = await eventually(
      async () => {
        const answer = await api<{ logs: { body: unknown }[] }>(`/api/logs?traceId=${okTrace}`);
        return answer.logs.some((log) => log.body === 'ok handled') ? answer.logs : undefined;
      },
      'the ok request log line',
      15_000,
    );
    expect(logs.length).toBeGreaterThan(0);

    const services = await api<{ services: { name: string; red: { requests: number }; routes: { route: string }[] }[] }>('/api/services');
    const sdkService = services.services.find((entry) => entry.name === 'sdk-service');
    expect(sdkService?.red.requests).toBe(2);
    expect(sdkService?.routes.map((route) => route.route).sort()).toEqual(['/boom', '/ok']);
  });
});

describe('error groups', () => {
  it('name the route of the server span when the exception was recorded on an inner span', async () => {
    const traceId = 'e5'.repeat(16);
    const span = (spanId: string, extra: Record<string, unknown>) => ({
      traceId,
      spanId,
      startTimeUnixNano: '1764633600000000000',
      endTimeUnixNano: '1764633600100000000',
      ...extra,
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'inner-errors' } }] },
          scopeSpans: [
            {
              spans: [
                span('a1'.repeat(8), {
                  name: 'GET /orders/:id',
                  kind: 2,
                  attributes: [{ key: 'http.route', value: { stringValue: '/orders/:id' } }],
                }),
                span('b1'.repeat(8), {
                  parentSpanId: 'a1'.repeat(8),
                  name: 'SELECT orders',
                  kind: 3,
                  events: [
                    {
                      name: 'exception',
                      timeUnixNano: '1764633600050000000',
                      attributes: [
                        { key: 'exception.type', value: { stringValue: 'QueryError' } },
                        { key: 'exception.message', value: { stringValue: 'relation missing' } },
                      ],
                    },
                  ],
                }),
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${consoleApp.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const groups = await api<{ groups: { type: string; routes: string[]; fingerprint: string }[] }>(
      '/api/errors?service=inner-errors&since=3650d',
    );
    expect(groups.groups).toEqual([expect.objectContaining({ type: 'QueryError', routes: ['/orders/:id'] })]);
    // The trace names the group on the span that recorded it, though this exporter set no fingerprint.
    const trace = await api<TraceAnswer>(`/api/traces/${traceId}`);
    const errorGroupsOf = (spanId: string) => trace.spans.find((entry) => entry.spanId === spanId)?.errorGroups;
    expect(errorGroupsOf('b1'.repeat(8))).toEqual([groups.groups[0]!.fingerprint]);
    expect(errorGroupsOf('a1'.repeat(8))).toEqual([]);
    // Its occurrence names that route too, as the group does.
    const detail = await api<{ occurrences: { spanId: string; route: string | null }[] }>(`/api/errors/${groups.groups[0]!.fingerprint}`);
    expect(detail.occurrences).toEqual([expect.objectContaining({ spanId: 'b1'.repeat(8), route: '/orders/:id' })]);
  });
});

describe('error group counts', () => {
  it('count one throw recorded on every span it unwound through as one occurrence, and each trace once', async () => {
    const stack = 'PaymentDeclinedError: card declined\n    at charge (/srv/app/payments.js:10:11)\n    at place (/srv/app/orders.js:20:5)';
    const exception = {
      name: 'exception',
      timeUnixNano: '1764633600050000000',
      attributes: [
        { key: 'exception.type', value: { stringValue: 'PaymentDeclinedError' } },
        { key: 'exception.message', value: { stringValue: 'card declined' } },
        { key: 'exception.stacktrace', value: { stringValue: stack } },
      ],
    };
    // Two traces; in each the same error is recorded on the charge span, its parent and the server span.
    const trace = (traceId: string) =>
      ['a1', 'b1', 'c1'].map((id, depth) => ({
        traceId,
        spanId: id.repeat(8),
        ...(depth === 0 ? {} : { parentSpanId: ['a1', 'b1'][depth - 1]!.repeat(8) }),
        name: ['POST /orders', 'order.place', 'order.charge'][depth],
        kind: depth === 0 ? 2 : 1,
        startTimeUnixNano: '1764633600000000000',
        endTimeUnixNano: '1764633600100000000',
        events: [exception],
      }));
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'nested-errors' } }] },
          scopeSpans: [{ spans: [...trace('d1'.repeat(16)), ...trace('d2'.repeat(16))] }],
        },
      ],
    };
    const response = await fetch(`${consoleApp.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const groups = await api<{ groups: { type: string; count: number; series: { counts: number[] } }[] }>(
      '/api/errors?service=nested-errors&since=3650d',
    );
    expect(groups.groups).toHaveLength(1);
    expect(groups.groups[0]).toMatchObject({ type: 'PaymentDeclinedError', count: 2 });
    expect(groups.groups[0]!.series.counts.reduce((sum, count) => sum + count, 0)).toBe(2);
  });
});

describe('attribute keys', () => {
  it('keeps keys named __proto__ and constructor as ordinary attributes of a span and its resource', async () => {
    const traceId = 'f7'.repeat(16);
    const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [attribute('service.name', 'odd-keys'), attribute('__proto__', 'resource-value')] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: 'a7'.repeat(8),
                  name: 'odd keys',
                  kind: 1,
                  startTimeUnixNano: '1764633600000000000',
                  endTimeUnixNano: '1764633600100000000',
                  attributes: [attribute('__proto__', 'span-value'), attribute('constructor', 'c')],
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${consoleApp.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const trace = await api<{ spans: { attributes: Record<string, unknown>; resource: Record<string, unknown> }[] }>(
      `/api/traces/${traceId}`,
    );
    const stored = trace.spans[0]!;
    expect(Object.getOwnPropertyDescriptor(stored.attributes, '__proto__')?.value).toBe('span-value');
    expect(Object.getOwnPropertyDescriptor(stored.attributes, 'constructor')?.value).toBe('c');
    expect(Object.getOwnPropertyDescriptor(stored.resource, '__proto__')?.value).toBe('resource-value');
  });
});

describe('enum values no OTLP version defines', () => {
  it('store a log record whose severityNumber is out of range as unspecified, with its text, and the rest of its request', async () => {
    const timeUnixNano = `${BigInt(Date.now()) * 1_000_000n}`;
    const record = (body: string, severityNumber: number) => ({
      timeUnixNano,
      severityNumber,
      severityText: 'LOUD',
      body: { stringValue: body },
    });
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'odd-severity' } }] },
          scopeLogs: [{ logRecords: [record('severity 300', 300), record('severity -3', -3), record('severity 17', 17)] }],
        },
      ],
    };
    const response = await fetch(`${consoleApp.otlpUrl}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const { logs } = await api<{ logs: { body: string; severityNumber: number; severityText: string }[] }>(
      '/api/logs?service=odd-severity&since=1h',
    );
    expect(logs.map(({ body, severityNumber, severityText }) => [body, severityNumber, severityText]).sort()).toEqual([
      ['severity -3', 0, 'LOUD'],
      ['severity 17', 17, 'LOUD'],
      ['severity 300', 0, 'LOUD'],
    ]);
  });
});

describe('non-finite doubles', () => {
  it('keep NaN and ±Infinity attribute values as the strings OTLP/JSON writes them as, not null', async () => {
    const traceId = 'f8'.repeat(16);
    const double = (key: string, value: string | number) => ({ key, value: { doubleValue: value } });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'odd-doubles' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: 'a8'.repeat(8),
                  name: 'odd doubles',
                  kind: 1,
                  startTimeUnixNano: '1764633600000000000',
                  endTimeUnixNano: '1764633600100000000',
                  attributes: [double('nan', 'NaN'), double('up', 'Infinity'), double('down', '-Infinity'), double('half', 0.5)],
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${consoleApp.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const trace = await api<{ spans: { attributes: Record<string, unknown> }[] }>(`/api/traces/${traceId}`);
    expect(trace.spans[0]?.attributes).toEqual({ nan: 'NaN', up: 'Infinity', down: '-Infinity', half: 0.5 });
  });
});

describe('what the API gives back of a span and a log record', () => {
  const post = (signal: string, body: unknown) =>
    fetch(`${consoleApp.otlpUrl}/v1/${signal}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const resource = {
    attributes: [
      { key: 'service.name', value: { stringValue: 'every-field' } },
      { key: 'host.name', value: { stringValue: 'h1' } },
    ],
  };
  const scope = { name: 'every-field-scope', version: '9.8.7' };

  it("includes a span's trace state and scope version, and a link's trace state", async () => {
    const traceId = 'f9'.repeat(16);
    const span = {
      traceId,
      spanId: 'a9'.repeat(8),
      traceState: 'vendor1=v1',
      name: 'every field',
      kind: 2,
      startTimeUnixNano: '1764633600000000000',
      endTimeUnixNano: '1764633600100000000',
      links: [{ traceId: 'fa'.repeat(16), spanId: 'aa'.repeat(8), traceState: 'vendor2=v2' }],
    };
    expect((await post('traces', { resourceSpans: [{ resource, scopeSpans: [{ scope, spans: [span] }] }] })).status).toBe(200);
    const trace = await api<{ spans: Record<string, unknown>[] }>(`/api/traces/${traceId}`);
    expect(trace.spans[0]).toMatchObject({
      traceState: 'vendor1=v1',
      scopeName: 'every-field-scope',
      scopeVersion: '9.8.7',
      links: [{ traceId: 'fa'.repeat(16), spanId: 'aa'.repeat(8), traceState: 'vendor2=v2', attributes: {} }],
    });
  });

  it("includes a log record's observed time, event name, resource and scope", async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const record = {
      timeUnixNano: `${now}`,
      observedTimeUnixNano: `${now + 5_000n}`,
      severityNumber: 9,
      eventName: 'order.shipped',
      body: { stringValue: 'shipped' },
    };
    expect((await post('logs', { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: [record] }] }] })).status).toBe(200);
    const { logs } = await api<{ logs: Record<string, unknown>[] }>('/api/logs?service=every-field&since=1h');
    expect(logs[0]).toMatchObject({
      observedTimeUnixNano: `${now + 5_000n}`,
      eventName: 'order.shipped',
      resource: { 'service.name': 'every-field', 'host.name': 'h1' },
      scopeName: 'every-field-scope',
    });
  });
});

describe('gzip bodies from curl', () => {
  it('stores a gzip-compressed OTLP/JSON export sent by curl', async () => {
    const traceId = 'c3'.repeat(16);
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'curl' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: 'd4'.repeat(8),
                  name: 'curl span',
                  kind: 2,
                  startTimeUnixNano: '1764633600000000000',
                  endTimeUnixNano: '1764633600500000000',
                },
              ],
            },
          ],
        },
      ],
    });
    const stdout = await curlWithStdin(gzipSync(body));
    expect(stdout).toBe('200');
    const trace = await api<TraceAnswer>(`/api/traces/${traceId}`);
    expect(trace.spans[0]).toMatchObject({ service: 'curl', name: 'curl span' });
  });
});

function curlWithStdin(body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const curl = spawn('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '-H',
      'content-encoding: gzip',
      '--data-binary',
      '@-',
      `${consoleApp.otlpUrl}/v1/traces`,
    ]);
    let out = '';
    curl.stdout.on('data', (chunk) => {
      out += chunk;
    });
    curl.once('error', reject);
    curl.once('close', () => resolve(out));
    curl.stdin.end(body);
  });
}
