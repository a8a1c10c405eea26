import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { registerApiRoutes } from './api-routes.js';

let store: Store;
let app: FastifyInstance;
let baseUrl: string;
const streams: AbortController[] = [];
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

const line = (body: string, timeUnixNano = nowNs()) => ({ timeUnixNano, severityNumber: 9, body, serviceName: 'orders-api' });

beforeAll(async () => {
  store = await openStore({ memory: true, commitIntervalMs: 10 });
  app = Fastify({ logger: false, forceCloseConnections: true });
  registerApiRoutes(app, { store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // 30 lines already stored, one at a time as a service would send them.
  for (let index = 1; index <= 30; index++) await store.appendLogs([line(`old line ${index}`)]);
});
afterEach(() => {
  for (const controller of streams.splice(0)) controller.abort();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** The bodies of the `log` events of one `/api/logs?follow=true` stream, as they arrive. */
async function follow(query: string) {
  const controller = new AbortController();
  streams.push(controller);
  const response = await fetch(`${baseUrl}/api/logs?follow=true&${query}`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The next `count` lines' bodies (heartbeats and comments skipped). */
    async take(count: number): Promise<string[]> {
      const bodies: string[] = [];
      while (bodies.length < count) {
        const end = buffer.indexOf('\n\n');
        if (end === -1) {
          const { value, done } = await reader.read();
          if (done) throw new Error('the stream ended');
          buffer += decoder.decode(value, { stream: true });
          continue;
        }
        const block = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (!block.includes('event: log')) continue;
        const data = block.find((field) => field.startsWith('data: '))!.slice(6);
        bodies.push((JSON.parse(data) as { body: string }).body);
      }
      return bodies;
    },
  };
}

describe('GET /api/logs?follow=true', () => {
  it('starts as tail -f does: the newest `limit` lines, oldest first, then only lines stored after them', async () => {
    const stream = await follow('limit=3');
    expect(await stream.take(3)).toEqual(['old line 28', 'old line 29', 'old line 30']);
    await store.appendLogs([line('new line 1')]);
    await store.appendLogs([line('new line 2')]);
    expect(await stream.take(2)).toEqual(['new line 1', 'new line 2']);
  });

  it('applies the filters to the lines it starts with', async () => {
    const stream = await follow('limit=2&q=old%20line%201');
    // "old line 1", "old line 10" … "old line 19" match; the newest two by time are sent.
    expect(await stream.take(2)).toEqual(['old line 18', 'old line 19']);
  });

  it('starts after the cursor it is given (what the UI sends after its first page), after=0 being every line', async () => {
    const [newest] = await store.logs({ limit: 1 });
    const stored = (await store.logs({ limit: 1_000 })).length;
    const fromCursor = await follow(`after=${newest!.cursor}&limit=50`);
    const everything = await follow('after=0&limit=50');
    await store.appendLogs([line('after the cursor')]);
    expect(await fromCursor.take(1)).toEqual(['after the cursor']);
    const all = await everything.take(stored + 1);
    expect(all.slice(0, 3)).toEqual(['old line 1', 'old line 2', 'old line 3']);
    expect(all.at(-1)).toBe('after the cursor');
    expect(all).toHaveLength(new Set(all).size);
  });

  it('applies attribute filters (attr.KEY=VALUE) to the lines it starts with and to every later one', async () => {
    await store.appendLogs([{ ...line('order 1 placed'), attributes: { 'order.id': '1' } }]);
    const stream = await follow('limit=5&attr.order.id=1');
    expect(await stream.take(1)).toEqual(['order 1 placed']);
    await store.appendLogs([{ ...line('order 2 placed'), attributes: { 'order.id': '2' } }]);
    await store.appendLogs([line('no order')]);
    await store.appendLogs([{ ...line('order 1 paid'), attributes: { 'order.id': 1 } }]);
    expect(await stream.take(1)).toEqual(['order 1 paid']);
  });
});
