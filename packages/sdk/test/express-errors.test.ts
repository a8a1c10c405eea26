import { createServer } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineExpress, sightlineExpressErrors } from '../src/http/express.js';
import { createObserverHarness, type ObserverHarness } from './support/observer-harness.js';
import { waitFor } from './support/poll.js';
import { listen, type RunningApp } from './support/running-app.js';

describe('sightlineExpressErrors', () => {
  let harness: ObserverHarness;
  let app: RunningApp;

  beforeAll(async () => {
    harness = createObserverHarness('express-errors');
    const server = express();
    server.use(sightlineExpress(harness.observer));
    server.use(express.json());
    server.post('/echo', (req, res) => {
      res.json(req.body);
    });
    server.get('/missing', (_req, _res, next) => {
      next(Object.assign(new Error('no such thing'), { status: 404 }));
    });
    server.get('/broken', () => {
      throw new Error('server fault');
    });
    server.use(sightlineExpressErrors(harness.observer));
    app = await listen(createServer(server));
  });

  afterAll(async () => {
    await app.close();
    await harness.observer.shutdown();
  });

  async function serverSpanOf(path: string, init?: RequestInit) {
    const response = await fetch(`${app.baseUrl}${path}`, init);
    await response.arrayBuffer();
    const span = await waitFor(() => harness.spans().find((s) => s.attributes['url.path'] === path), `span for ${path}`);
    return { status: response.status, span };
  }

  it("leaves the span unfailed for body-parser's 400 on malformed JSON", async () => {
    const { status, span } = await serverSpanOf('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken',
    });
    expect(status).toBe(400);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.events.some((event) => event.name === 'exception')).toBe(false);
  });

  it('leaves the span unfailed for an error carrying a 4xx status', async () => {
    const { status, span } = await serverSpanOf('/missing');
    expect(status).toBe(404);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('records a thrown error as the failure of the server span', async () => {
    const { status, span } = await serverSpanOf('/broken');
    expect(status).toBe(500);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.some((event) => event.name === 'exception')).toBe(true);
  });
});
