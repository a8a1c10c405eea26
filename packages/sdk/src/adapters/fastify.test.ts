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

describe('/metrics under Fastify', () => {
  it('serves the registry through the reply with observer.metrics.render(), as the README shows', async () => {
    const test = testObserver();
    const app = fastifyApp();
    await app.register(sightlineFastify(test.observer));
    app.get('/metrics', async (request, reply) => {
      const { contentType, body } = await test.observer.metrics.render(request.headers.accept);
      return reply.type(contentType).send(body);
    });
    const text = await app.inject({ method: 'GET', url: '/metrics' });
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toContain('# TYPE sightline_internal_errors_total counter');
    const open = await app.inject({ method: 'GET', url: '/metrics', headers: { accept: 'application/openmetrics-text' } });
    expect(open.headers['content-type']).toMatch(/^application\/openmetrics-text/);
    expect(open.body.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('contains metricsHandler given a response Fastify already answered: counted, never an unhandled rejection', async () => {
    const test = testObserver();
    const app = fastifyApp();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      // The mistake a user made: the async handler resolves at once, Fastify answers, and the
      // handler's write came after (it ended the process through the crash handler).
      app.get('/metrics', async (request, reply) => test.observer.metricsHandler(request.raw, reply.raw));
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${address}/metrics`);
      expect(response.status).toBe(200);
      await response.text();
      const counted = await eventually(async () => {
        const { body } = await test.observer.metrics.render();
        return /sightline_internal_errors_total\{component="metrics"\} 1/.test(body) ? body : undefined;
      }, 'the contained metrics error');
      expect(counted).toBeDefined();
      const line = test.lines.find((entry) => entry.component === 'metrics');
      expect(line?.err).toMatchObject({ message: expect.stringContaining('observer.metrics.render()') });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
