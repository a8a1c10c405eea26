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

/**
 * The `log` events of one `/api/logs?follow=true` stream, as they arrive; `lastEventId` is sent
 * as the `Last-Event-ID` header, as a reconnecting EventSource does.
 */
async function follow(query: string, lastEventId?: string) {
  const controller = new AbortController();
  streams.push(controller);
  const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
  const response = await fetch(`${baseUrl}/api/logs?follow=true&${query}`, { signal: controller.signal, headers });
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** The next `count` lines' events: each one's `id:` and its record (heartbeats and comments skipped). */
  const events = async (count: number): Promise<{ id: string | undefined; record: { body: string; cursor: string } }[]> => {
    const taken: { id: string | undefined; record: { body: string; cursor: string } }[] = [];
    while (taken.length < count) {
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
      const field = (name: string) => block.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      taken.push({ id: field('id'), record: JSON.parse(field('data')!) as { body: string; cursor: string } });
    }
    return taken;
  };
  return {
    events,
    /** The next `count` lines' bodies. */
    take: async (count: number): Promise<string[]> => (await events(count)).map((event) => event.record.body),
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

  it("gives every line's event its cursor as its id", async () => {
    const stream = await follow('limit=3');
    await store.appendLogs([line('id line 1'), line('id line 2')]);
    const events = await stream.events(5);
    expect(events.map((event) => event.record.body).slice(3)).toEqual(['id line 1', 'id line 2']);
    for (const event of events) expect(event.id).toBe(event.record.cursor);
  });
});

describe('GET /api/logs?follow=true reconnecting with Last-Event-ID', () => {
  it('goes on with every matching line stored after that id, not the newest `limit` again', async () => {
    const first = await follow('limit=2');
    const [, last] = await first.events(2);
    await store.appendLogs([line('missed 1')]);
    await store.appendLogs([line('missed 2')]);
    await store.appendLogs([line('missed 3')]);
    // The same URL, as an EventSource reconnects, with the id of the last event it received.
    const again = await follow('limit=2', last!.id);
    expect(await again.take(3)).toEqual(['missed 1', 'missed 2', 'missed 3']);
  });

  it("takes precedence over the URL's after, which a reconnect sends again unchanged", async () => {
    const [newest] = await store.logs({ limit: 1 });
    const stream = await follow('after=0&limit=50', newest!.cursor.toString());
    await store.appendLogs([line('after the id')]);
    expect(await stream.take(1)).toEqual(['after the id']);
  });

  it('applies the filters to the lines it goes on with', async () => {
    const [newest] = await store.logs({ limit: 1 });
    const stream = await follow('q=wanted', newest!.cursor.toString());
    await store.appendLogs([line('not this one'), line('wanted 1')]);
    await store.appendLogs([line('wanted 2')]);
    expect(await stream.take(2)).toEqual(['wanted 1', 'wanted 2']);
  });

  it.each(['abc', '-1', '1.5', '12 13'])('answers 400 naming the header when it is %j, as a bad after is', async (value) => {
    const response = await fetch(`${baseUrl}/api/logs?follow=true`, { headers: { 'last-event-id': value } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'bad_request',
      message: 'bad request header: Last-Event-ID',
      issues: [{ parameter: 'Last-Event-ID', message: 'a cursor from a previous answer' }],
    });
  });

  it('answers 400 for a header given twice, whose values arrive joined', async () => {
    const response = await fetch(`${baseUrl}/api/logs?follow=true`, {
      headers: [
        ['last-event-id', '1'],
        ['last-event-id', '2'],
      ],
    });
    expect(response.status).toBe(400);
  });
});
