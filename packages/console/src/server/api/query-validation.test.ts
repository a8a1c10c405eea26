import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiDocument, concretePath, type ErrorAnswer } from '../../../test/support/openapi-document.js';
import { createConsoleLog } from '../log/index.js';
import { type Attributes, openStore, type Store } from '../store/index.js';
import { generateSpans, traceIdOf } from '../store/testing/index.js';
import { registerApiRoutes } from './api-routes.js';

let store: Store;
let app: FastifyInstance;
let document: ApiDocument;
/** What the console reports: a 500 would be here, with its stack. */
const logged: string[] = [];
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

beforeAll(async () => {
  store = await openStore({ memory: true });
  await store.appendSpans(generateSpans(5, { startNs: nowNs() - 60_000_000_000n, seed: 3, spansPerTrace: 2 }));
  const line = (body: string, attributes: Attributes) => ({
    timeUnixNano: nowNs() - 1_000_000_000n,
    severityNumber: 9,
    body,
    serviceName: 'o\'rders "api"',
    attributes,
  });
  await store.appendLogs([
    line('order 7 placed', { 'order.id': '7' }),
    line('order 8 placed', { 'order.id': '8' }),
    line('upstream answered 503', { 'http.response.status_code': 503 }),
    line("100% of _under_ 'quoted' \\ text", {}),
  ]);
  app = Fastify({ logger: false });
  registerApiRoutes(app, { store, log: createConsoleLog('debug', (message) => logged.push(message)) });
  await app.ready();
  document = (await app.inject('/api/openapi.json')).json() as ApiDocument;
});
beforeEach(() => {
  logged.length = 0;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const bodies = async (url: string) => {
  const response = await app.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { logs: { body: unknown }[] }).logs.map((log) => log.body);
};

describe('GET /api/logs?attr.KEY=VALUE', () => {
  it('returns only the lines whose attribute equals the value, compared as text', async () => {
    expect(await bodies('/api/logs?attr.nonexistent=1&limit=3')).toEqual([]);
    expect(await bodies('/api/logs?attr.order.id=7')).toEqual(['order 7 placed']);
    expect(await bodies('/api/logs?attr.http.response.status_code=503')).toEqual(['upstream answered 503']);
    expect(await bodies('/api/logs?attr.order.id=7&q=upstream')).toEqual([]);
  });
});

describe('GET /api/logs/volume', () => {
  interface Volume {
    bucketMs: number;
    sinceMs: number;
    untilMs: number;
    buckets: ({ timeMs: number } & Record<string, number>)[];
  }
  const volume = async (url: string) => {
    const response = await app.inject(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Volume;
  };
  const lines = (answer: Volume) =>
    answer.buckets.reduce((sum, { timeMs: _time, ...counts }) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);

  it('counts the last hour in 30 s buckets by default, and applies the filters /api/logs takes', async () => {
    const answer = await volume('/api/logs/volume');
    expect(answer.bucketMs).toBe(30_000);
    // `since=1h` is read from the clock a moment before the handler reads it for the end.
    expect(answer.untilMs - answer.sinceMs).toBeGreaterThanOrEqual(3_600_000);
    expect(answer.untilMs - answer.sinceMs).toBeLessThan(3_605_000);
    expect(lines(answer)).toBe(4);
    expect(answer.buckets.every((bucket) => bucket.timeMs % answer.bucketMs === 0)).toBe(true);
    expect(answer.buckets.reduce((sum, bucket) => sum + (bucket.info ?? 0), 0)).toBe(4);
    expect(lines(await volume('/api/logs/volume?attr.order.id=7'))).toBe(1);
    expect(lines(await volume('/api/logs/volume?q=PLACED'))).toBe(2);
    expect(lines(await volume('/api/logs/volume?severity=warn'))).toBe(0);
  });

  it('sizes buckets from the window: 5 s over five minutes, 15 min over a day', async () => {
    expect((await volume('/api/logs/volume?since=5m')).bucketMs).toBe(5_000);
    expect((await volume('/api/logs/volume?since=24h')).bucketMs).toBe(900_000);
  });

  it('names a bad parameter in a 400', async () => {
    const response = await app.inject('/api/logs/volume?severity=loud');
    expect(response.statusCode).toBe(400);
    expect((response.json() as ErrorAnswer).issues.map((issue) => issue.parameter)).toEqual(['severity']);
    expect((await app.inject('/api/logs/volume?since=1h&until=2h')).statusCode).toBe(400);
  });
});

describe('an attribute key with " or \\', () => {
  /** Every documented route that takes `attr.KEY` filters. */
  const filteredPaths = () =>
    Object.entries(document.paths)
      .filter(([, item]) => item.get?.parameters.some((parameter) => parameter.name === 'attr.KEY'))
      .map(([path]) => path);

  it('is documented as refused wherever attr.KEY is', () => {
    expect(filteredPaths().sort()).toEqual(
      ['/api/logs', '/api/logs/volume', '/api/metrics/{name}/points', '/api/metrics/{name}/quantiles', '/api/traces'].sort(),
    );
    for (const path of filteredPaths()) {
      const attr = document.paths[path]!.get!.parameters.find((parameter) => parameter.name === 'attr.KEY');
      expect(attr?.description, path).toMatch(/KEY without " or \\/);
    }
  });

  it.each(['a"b', 'a\\b'])('answers 400 naming the parameter attr.%s on every route that takes attribute filters', async (key) => {
    for (const path of filteredPaths()) {
      const response = await app.inject(`${concretePath(path)}?${encodeURIComponent(`attr.${key}`)}=1`);
      expect(response.statusCode, path).toBe(400);
      expect(response.json(), path).toEqual({
        error: 'bad_request',
        message: `bad query parameter(s): attr.${key}`,
        issues: [{ parameter: `attr.${key}`, message: 'an attribute key cannot contain " or \\' }],
      });
    }
    expect(logged).toEqual([]);
  });
});

const TRACE = traceIdOf(3, 1);
const LIMIT = 'a whole number from 1 to 1000';
const OUT_OF_RANGE = 'is out of range: a time within 273,000 years of 1970';

/** [what, URL, status, the issues of a 400 as parameter → message]: each answered, none a 500. */
const HOSTILE: [string, string, number, [string, string][]?][] = [
  ['LIKE wildcards in q', '/api/logs?q=%25', 200],
  ['an underscore in q', '/api/logs?q=_', 200],
  ['a quote in q', "/api/logs?q='", 200],
  ['a backslash in q', '/api/logs?q=%5C', 200],
  ['a regex in q', '/api/logs?q=.*(%5B', 200],
  ['a NUL in q', '/api/logs?q=%00', 200],
  ['invalid UTF-8 in q', '/api/logs?q=%FF', 200],
  ['q past 1000 characters', `/api/logs?q=${'é'.repeat(1_001)}`, 400, [['q', 'at most 1000 characters']]],
  ['an empty q', '/api/logs?q=', 400, [['q', 'empty: leave the parameter out instead']]],
  ['quotes in service', '/api/logs?service=o%27rders%20%22api%22', 200],
  ['SQL in service', "/api/traces?service=x'%20OR%201=1%20--", 200],
  ['quotes in route', '/api/traces?route=a%27%22b', 200],
  ['SQL in an attribute value', "/api/traces?attr.user.id=u1'%20OR%20'1'='1", 200],
  ['a dollar path as an attribute key', '/api/traces?attr.%24.x=1', 200],
  ['a NUL in an attribute key', '/api/logs?attr.a%00b=1', 200],
  ['__proto__ as an attribute key', '/api/logs?attr.__proto__=1', 400, [['attr.__proto__', 'no attribute key can be __proto__']]],
  ['__proto__ as a parameter', '/api/logs?__proto__=1', 400, [['__proto__', 'unknown parameter']]],
  ['an attribute filter given twice', '/api/traces?attr.k=1&attr.k=2', 400, [['attr.k', 'given more than once: give it once']]],
  ['a trace id that is not hex', '/api/logs?traceId=zz', 400, [['traceId', 'a trace id is 32 hex digits']]],
  ['a trace path that is not hex', "/api/traces/'%20OR%201=1", 400, [['traceId', 'a trace id is 32 hex digits']]],
  ['an upper-case trace id', `/api/traces/${TRACE.toUpperCase()}`, 200],
  ['a start hint past 64 bits', `/api/traces/${TRACE}?start=99999999999999999999`, 200],
  ['a cursor past 64 bits', '/api/logs?after=99999999999999999999999999', 200],
  ['a negative limit', '/api/logs?limit=-1', 400, [['limit', LIMIT]]],
  ['a zero limit', '/api/logs?limit=0', 400, [['limit', LIMIT]]],
  ['a huge limit', '/api/logs?limit=1e100', 400, [['limit', LIMIT]]],
  ['a limit past the maximum', '/api/traces?limit=5000', 400, [['limit', LIMIT]]],
  ['a fractional limit', '/api/errors?limit=1.5', 400, [['limit', LIMIT]]],
  ['a limit that is no number', '/api/metrics/x/series?limit=abc', 400, [['limit', LIMIT]]],
  ['a points limit past its maximum', '/api/metrics/x/points?limit=1e9', 400, [['limit', 'a whole number from 1 to 100000']]],
  ['a limit given twice', '/api/logs?limit=1&limit=2', 400, [['limit', 'given more than once: give it once']]],
  ['a huge minDurationMs', '/api/traces?minDurationMs=1e308', 400, [['minDurationMs', 'milliseconds, a number from 0 to 1000000000000']]],
  ['a negative maxDurationMs', '/api/traces?maxDurationMs=-1', 400, [['maxDurationMs', 'milliseconds, a number from 0 to 1000000000000']]],
  ['a severity that is none', '/api/logs?severity=loud', 400, [['severity', 'one of trace, debug, info, warn, error, fatal']]],
  ['a status that is none', "/api/traces?status='", 400, [['status', 'one of ok, error']]],
  ['quantiles out of (0, 1)', '/api/metrics/x/quantiles?q=0.5,2,,', 400, [['q', 'quantiles, comma-separated, each in (0, 1), at most 5']]],
  [
    'since that is no time',
    '/api/logs?since=garbage',
    400,
    [['since', '"garbage" is not a time: use RFC 3339, epoch ms or a duration like 15m']],
  ],
  ['since in epoch ms past a Date', '/api/logs?since=9999999999999999', 400, [['since', `"9999999999999999" ${OUT_OF_RANGE}`]]],
  ['since as a duration past a Date', '/api/services?since=99999999999999h', 400, [['since', `"99999999999999h" ${OUT_OF_RANGE}`]]],
  ['until as an endless duration', `/api/errors?until=${'9'.repeat(400)}d`, 400, [['until', `"${'9'.repeat(400)}d" ${OUT_OF_RANGE}`]]],
  ['since at the start of the epoch', '/api/traces?since=0000000000', 200],
  ['a window of 260,000 years', '/api/services?since=14000000w', 200],
  ['a quoted error fingerprint', "/api/errors/'%22%5C", 404],
  ['a quoted metric name', "/api/metrics/'%22%5C/points", 200],
];

describe('hostile query parameters', () => {
  it.each(HOSTILE)('%s: %s answers %i, never 500', async (_what, url, status, issues) => {
    const response = await app.inject(url);
    expect(response.statusCode, response.body).toBe(status);
    if (issues !== undefined) {
      const body = response.json() as ErrorAnswer;
      expect(body.issues).toEqual(issues.map(([parameter, message]) => ({ parameter, message })));
      for (const [parameter] of issues) expect(body.message).toContain(parameter);
    }
    expect(logged).toEqual([]);
  });
});
