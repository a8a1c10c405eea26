import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, type ApiMethod, concretePath, operationsOf } from '../../../test/support/openapi-document.js';
import { openStore, type Store } from '../store/index.js';
import { registerApiRoutes } from './api-routes.js';

let store: Store;
let app: FastifyInstance;
let document: ApiDocument;
const registered: string[] = [];

beforeAll(async () => {
  store = await openStore({ memory: true });
  app = Fastify({ logger: false });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (route.url.startsWith('/api') && method !== 'HEAD') registered.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    }
  });
  registerApiRoutes(app, { store });
  await app.ready();
  document = (await app.inject('/api/openapi.json')).json() as ApiDocument;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** A body each route that takes one accepts, so only the query can be at fault. */
const BODIES: Record<string, object> = {
  'PUT /api/errors/{fingerprint}/status': { status: 'resolved' },
  'POST /api/silences': { labels: { alertname: 'A' }, durationMs: 60_000, createdBy: 'test', comment: 'test' },
  'POST /api/incidents': { title: 'test', createdBy: 'test' },
  'PATCH /api/incidents/{id}': { author: 'test', note: 'test' },
};

/** A route's answer to a request for documented `path` (with `query`). */
async function get(path: string, method: ApiMethod = 'GET', query = '') {
  const url = `${concretePath(path)}${query}`;
  const payload = BODIES[`${method} ${path}`];
  const response = await app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
  const body = response.statusCode === 400 ? (response.json() as { issues?: { parameter: string; message: string }[] }) : {};
  return { status: response.statusCode, issues: body.issues ?? [] };
}

describe('the OpenAPI document at /api/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every route under /api, and nothing that is not one', () => {
    expect(document.openapi).toBe('3.1.0');
    const documented = operationsOf(document).map(({ path, method }) => `${method} ${path}`);
    expect(documented.sort()).toEqual([...new Set(registered)].filter((route) => route !== 'GET /api/openapi.json').sort());
    expect(documented).toContain('PUT /api/errors/{fingerprint}/status');
    expect(documented).toEqual(expect.arrayContaining(['GET /api/silences', 'POST /api/silences', 'DELETE /api/silences/{silenceId}']));
  });

  it('takes each documented body as it is documented: every route that takes one answers 2xx or a refusal about the state, never 400', async () => {
    for (const { path, method, operation } of operationsOf(document)) {
      if (operation.requestBody === undefined) continue;
      expect(BODIES[`${method} ${path}`], `a sample body for ${method} ${path}`).toBeDefined();
      const answer = await get(path, method);
      expect([answer.status, answer.issues], `${method} ${path}`).not.toEqual([400, expect.anything()]);
    }
  });

  it('documents the refusals of the silence routes and the 201 of a new one', () => {
    const silences = document.paths['/api/silences'];
    expect(Object.keys(silences?.post?.responses ?? {}).sort()).toEqual(['201', '400', '409', '500', '502']);
    expect(Object.keys(document.paths['/api/silences/{silenceId}']?.delete?.responses ?? {}).sort()).toEqual([
      '200',
      '400',
      '404',
      '409',
      '500',
      '502',
    ]);
  });

  it('documents each path parameter of a route', () => {
    for (const { path, operation } of operationsOf(document)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const documented = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      expect(documented, path).toEqual(inPath);
    }
  });

  it('documents the request body of a PUT with the schema that validates it', async () => {
    const put = document.paths['/api/errors/{fingerprint}/status']?.put;
    expect(put?.requestBody?.content['application/json']?.schema).toMatchObject({
      properties: { status: { enum: ['unresolved', 'resolved', 'ignored'] } },
      required: ['status'],
    });
    const answer = await app.inject({ method: 'PUT', url: '/api/errors/x/status', payload: { status: 'fixed', note: 1 } });
    expect(answer.statusCode).toBe(400);
    expect((answer.json() as { issues: { parameter: string }[] }).issues.map((issue) => issue.parameter).sort()).toEqual([
      'note',
      'status',
    ]);
  });

  it('lists only query parameters the route accepts: the same schema validates them', async () => {
    for (const { path, method, operation } of operationsOf(document)) {
      for (const parameter of operation.parameters.filter((entry) => entry.in === 'query')) {
        const name = parameter.name === 'attr.KEY' ? 'attr.http.route' : parameter.name;
        const { issues } = await get(path, method, `?${encodeURIComponent(name)}=x`);
        expect(issues, `${path} ${name}`).not.toContainEqual({ parameter: name, message: 'unknown parameter' });
      }
    }
  });

  it('is answered with 400 naming a parameter no route documents, on every route', async () => {
    for (const { path, method } of operationsOf(document)) {
      const answer = await get(path, method, '?bogus=1');
      expect(answer.status, path).toBe(400);
      expect(answer.issues, path).toContainEqual({ parameter: 'bogus', message: 'unknown parameter' });
    }
  });
});
