import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sightlineFastify } from '../../src/adapters/fastify.js';
import type { Observer } from '../../src/index.js';
import { CHUNKED_BODY, ConformanceRoutes, type RouteResult, TEXT_BODY } from './conformance-routes.js';
import { type AdapterUnderTest, baseUrlOf, type RunningApp } from './running-app.js';

function send(reply: FastifyReply, { status, body }: RouteResult): FastifyReply {
  return reply.code(status).send(body);
}

async function createApp(observer: Observer): Promise<FastifyInstance> {
  const routes = new ConformanceRoutes(observer);
  const app = Fastify();
  await app.register(sightlineFastify(observer));
  app.get('/metrics', async (request, reply) => {
    const { contentType, body } = await observer.metrics.render(request.headers.accept);
    return reply.type(contentType).send(body);
  });
  app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => send(reply, routes.getUser(request.params.id)));
  app.post('/orders', async (request, reply) => send(reply, routes.createOrder(request.body)));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post('/form', async (request, reply) => send(reply, routes.submitForm(request.body)));
  app.get('/slow', async (_request, reply) => send(reply, await routes.slow()));
  app.get('/fail', async (_request, reply) => send(reply, routes.fail()));
  app.get('/throw', () => routes.throwSync());
  app.get('/reject', async () => routes.reject());
  app.get('/log', async (_request, reply) => send(reply, await routes.log()));
  app.get('/child-span', async (_request, reply) => send(reply, await routes.childSpan()));
  app.get('/concurrent', async (request, reply) => {
    const header = request.headers['x-request-id'];
    return send(reply, await routes.concurrent(typeof header === 'string' ? header : undefined));
  });
  // A stream is how Fastify writes a body in chunks: piped into res.write(), no Content-Length.
  app.get('/chunked', async (_request, reply) => reply.type('text/plain').send(Readable.from(CHUNKED_BODY)));
  app.get('/text', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(TEXT_BODY));
  app.get('/empty', async (_request, reply) => reply.code(204).send());
  return app;
}

export const fastifyAdapter: AdapterUnderTest = {
  name: 'fastify',
  routeTemplates: [],
  async start(observer: Observer): Promise<RunningApp> {
    const app = await createApp(observer);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { baseUrl: baseUrlOf(app.server), close: () => app.close() };
  },
};
