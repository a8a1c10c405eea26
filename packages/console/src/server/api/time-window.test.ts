import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, concretePath, type ErrorAnswer } from '../../../test/support/openapi-document.js';
import { createConsoleLog } from '../log/index.js';
import { openStore, type Store } from '../store/index.js';
import { generateSpans } from '../store/testing/index.js';
import { registerApiRoutes } from './api-routes.js';

let store: Store;
let app: FastifyInstance;
let document: ApiDocument;
const logged: string[] = [];

beforeAll(async () => {
  store = await openStore({ memory: true });
  // Spans in the last hour: a window the store answers from rows, not from an empty partition list.
  await store.appendSpans(generateSpans(5, { startNs: BigInt(Date.now() - 30 * 60_000) * 1_000_000n, spansPerTrace: 2 }));
  app = Fastify({ logger: false });
  registerApiRoutes(app, { store, log: createConsoleLog('debug', (message) => logged.push(message)) });
  await app.ready();
  document = (await app.inject('/api/openapi.json')).json() as ApiDocument;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** Every documented route whose query takes both ends of a window. */
const windowedPaths = () =>
  Object.entries(document.paths)
    .filter(([, item]) => ['since', 'until'].every((name) => item.get?.parameters.some((parameter) => parameter.name === name)))
    .map(([path]) => path);

describe('a since/until window that is empty or inverted', () => {
  it('is documented on every route that takes it: both parameters, and the 400 that refuses it', () => {
    expect(windowedPaths().sort()).toEqual(
      [
        '/api/dependencies',
        '/api/errors',
        '/api/export/{file}',
        '/api/logs',
        '/api/logs/volume',
        '/api/metrics/{name}/points',
        '/api/metrics/{name}/quantiles',
        '/api/metrics/{name}/series',
        '/api/services',
        '/api/traces',
      ].sort(),
    );
    for (const path of windowedPaths()) {
      const { parameters, responses } = document.paths[path]!.get!;
      expect(parameters.find((parameter) => parameter.name === 'until')?.description, path).toMatch(/until must be after since/);
      expect(responses['400']?.description, path).toMatch(/empty or inverted since\/until window/);
    }
  });

  it.each([
    ['the same duration twice', 'since=15m&until=15m'],
    ['until before since', 'since=1h&until=2h'],
    ['the same RFC 3339 time twice', 'since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z'],
  ])('answers 400 naming since and until on every route that takes them: %s', async (_case, window) => {
    for (const path of windowedPaths()) {
      const response = await app.inject(`${concretePath(path)}?${window}`);
      expect(response.statusCode, path).toBe(400);
      const body = response.json() as ErrorAnswer;
      expect(body.error, path).toBe('bad_request');
      expect(body.message, path).toBe('bad query parameter(s): since, until');
      expect(body.issues.map((issue) => issue.parameter)).toEqual(['since', 'until']);
      expect(body.issues[0]?.message).toMatch(/^the window is empty: until \(\S+Z\) must be after since \(\S+Z\)$/);
    }
    expect(logged).toEqual([]);
  });

  it('answers 400 naming since when it is after now and no until ends the window', async () => {
    for (const path of windowedPaths()) {
      const response = await app.inject(`${concretePath(path)}?since=2999-01-01T00:00:00Z`);
      expect(response.statusCode, path).toBe(400);
      expect((response.json() as ErrorAnswer).issues, path).toEqual([
        { parameter: 'since', message: 'the window is empty: since (2999-01-01T00:00:00.000Z) is after now and no until was given' },
      ]);
    }
  });

  it('still answers a window that ends after it starts, with the rows in it', async () => {
    const services = await app.inject('/api/services?since=2h&until=0s');
    expect(services.statusCode).toBe(200);
    expect((services.json() as { services: { name: string }[] }).services.length).toBeGreaterThan(0);
    const dependencies = await app.inject('/api/dependencies?since=2h&until=1h');
    expect(dependencies.statusCode).toBe(200);
    expect(dependencies.json()).toEqual({ edges: [] });
  });
});
