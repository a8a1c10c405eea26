import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, concretePath } from '../../../test/support/openapi-document.js';
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
    if (route.url.startsWith('/api') && methods.includes('GET')) registered.push(route.url.replace(/:(\w+)/g, '{$1}'));
  });
  registerApiRoutes(app, { store });
  await app.ready();
  document = (await app.inject('/api/openapi.json')).json() as ApiDocument;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function get(url: string) {
  const response = await app.inject(url);
  const body = response.statusCode === 400 ? (response.json() as { issues?: { parameter: string; message: string }[] }) : {};
  return { status: response.statusCode, issues: body.issues ?? [] };
}

describe('the OpenAPI document at /api/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every GET route under /api, and nothing that is not one', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([...new Set(registered)].filter((path) => path !== '/api/openapi.json').sort());
  });

  it('documents each path parameter of a route', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const documented = item.get.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      expect(documented, path).toEqual(inPath);
    }
  });

  it('lists only query parameters the route accepts: the same schema validates them', async () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const parameter of item.get.parameters.filter((entry) => entry.in === 'query')) {
        const name = parameter.name === 'attr.KEY' ? 'attr.http.route' : parameter.name;
        const { issues } = await get(`${concretePath(path)}?${encodeURIComponent(name)}=x`);
        expect(issues, `${path} ${name}`).not.toContainEqual({ parameter: name, message: 'unknown parameter' });
      }
    }
  });

  it('is answered with 400 naming a parameter no route documents, on every route', async () => {
    for (const path of Object.keys(document.paths)) {
      const answer = await get(`${concretePath(path)}?bogus=1`);
      expect(answer.status, path).toBe(400);
      expect(answer.issues, path).toContainEqual({ parameter: 'bogus', message: 'unknown parameter' });
    }
  });
});
