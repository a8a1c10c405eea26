import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestObserver, eventually, type TestObserver } from '../testing/index.js';
import { sightlineFastify } from './fastify.js';

const opened: TestObserver[] = [];
const apps: FastifyInstance[] = [];

function testObserver(): TestObserver {
  const test = createTestObserver({ serviceName: 'fastify-plugin' });
  opened.push(test);
  return test;
}

function fastifyApp(): FastifyInstance {
  const app = Fastify();
  apps.push(app);
  return app;
}

/**
 * The version the app reports to plugin checks, as an older Fastify would report its own:
 * Fastify reads `this.version` of the instance a plugin is registered on (lib/plugin-utils.js
 * checkVersion), a configurable getter, so the real check runs against it.
 */
function reportVersion(app: FastifyInstance, version: string): void {
  Object.defineProperty(app, 'version', { value: version, configurable: true });
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(opened.splice(0).map((test) => test.observer.shutdown()));
});

describe('sightlineFastify, a fastify-plugin plugin', () => {
  it('instruments routes outside its own context: in the app, and in sibling plugins registered before and after it', async () => {
    const test = testObserver();
    const app = fastifyApp();
    await app.register(async (before) => {
      before.get('/before/:id', async () => 'before');
    });
    await app.register(sightlineFastify(test.observer));
    app.get('/root/:id', async () => 'root');
    await app.register(
      async (after) => {
        after.get('/after/:id', async () => 'after');
      },
      { prefix: '/scoped' },
    );

    const paths = { '/before/1': '/before/:id', '/root/2': '/root/:id', '/scoped/after/3': '/scoped/after/:id' };
    for (const [url, route] of Object.entries(paths)) {
      const requestId = `encapsulation${url.replaceAll('/', '-')}`;
      const response = await app.inject({ method: 'GET', url, headers: { 'x-request-id': requestId } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-request-id']).toBe(requestId);
      const access = await eventually(() => test.lines.find((line) => line.request_id === requestId), `the access line of ${url}`);
      expect(access).toMatchObject({ msg: 'request completed', route, path: url, status: 200 });
    }
  });

  it('is refused by a Fastify outside 5.x with FST_ERR_PLUGIN_VERSION_MISMATCH naming the plugin, the range and the version found', async () => {
    const test = testObserver();
    const app = fastifyApp();
    reportVersion(app, '4.29.1');

    const registered = app.register(sightlineFastify(test.observer));

    await expect(registered).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_VERSION_MISMATCH',
      message: "fastify-plugin: @sightline/sdk - expected '5.x' fastify version, '4.29.1' is installed",
    });
  });

  it('registers on any Fastify 5 release', async () => {
    const test = testObserver();
    const app = fastifyApp();
    reportVersion(app, '5.0.0');

    await app.register(sightlineFastify(test.observer));
    app.get('/ping', async () => 'pong');
    const response = await app.inject({ method: 'GET', url: '/ping', headers: { 'x-request-id': 'fastify-5.0.0' } });

    expect(response.body).toBe('pong');
    await eventually(() => test.lines.find((line) => line.request_id === 'fastify-5.0.0'), 'the access line');
  });
});
