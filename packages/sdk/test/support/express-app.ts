import { createServer } from 'node:http';
import express, { type Response } from 'express';
import { sightlineExpress, sightlineExpressErrors } from '../../src/adapters/express.js';
import type { Observer } from '../../src/index.js';
import { CHUNKED_BODY, ConformanceRoutes, type RouteResult, TEXT_BODY } from './conformance-routes.js';
import { type AdapterUnderTest, listen, type RunningApp } from './running-app.js';

function send(res: Response, { status, body }: RouteResult): void {
  res.status(status).json(body);
}

function createApp(observer: Observer): express.Express {
  const routes = new ConformanceRoutes(observer);
  const app = express();
  app.use(sightlineExpress(observer));
  app.use(express.json());
  app.get('/metrics', observer.metricsHandler);
  app.get('/users/:id', (req, res) => send(res, routes.getUser(req.params.id)));
  app.post('/orders', (req, res) => send(res, routes.createOrder(req.body)));
  app.post('/form', express.urlencoded({ extended: false }), (req, res) => send(res, routes.submitForm(req.body)));
  app.get('/slow', async (_req, res) => send(res, await routes.slow()));
  app.get('/fail', (_req, res) => send(res, routes.fail()));
  app.get('/throw', () => routes.throwSync());
  app.get('/reject', async () => {
    await routes.reject();
  });
  app.get('/log', async (_req, res) => send(res, await routes.log()));
  app.get('/child-span', async (_req, res) => send(res, await routes.childSpan()));
  app.get('/concurrent', async (req, res) => send(res, await routes.concurrent(req.get('x-request-id'))));
  app.get('/chunked', (_req, res) => {
    res.type('text/plain');
    for (const chunk of CHUNKED_BODY.slice(0, -1)) res.write(chunk);
    res.end(CHUNKED_BODY.at(-1));
  });
  app.get('/text', (_req, res) => {
    res.end(TEXT_BODY);
  });
  app.get('/empty', (_req, res) => {
    res.status(204).end();
  });
  app.use(sightlineExpressErrors(observer));
  return app;
}

export const expressAdapter: AdapterUnderTest = {
  name: 'express',
  routeTemplates: [],
  start(observer: Observer): Promise<RunningApp> {
    return listen(createServer(createApp(observer)));
  },
};
