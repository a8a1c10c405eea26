import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/server/console/index.js';
import { tempDir } from './disk.js';

// A live tail that reconnects as a browser's EventSource does: the same URL again, with the id
// of the last event received as Last-Event-ID, sent here by a plain HTTP client.

interface TailEvent {
  id: string | undefined;
  body: string;
}

/** `GET /api/logs?follow=true&…` over node:http, with `Last-Event-ID` when given; the log events as they arrive. */
function openTail(baseUrl: string, query: string, lastEventId?: string) {
  let client: ClientRequest | undefined;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    client = request(`${baseUrl}/api/logs?follow=true&${query}`, {
      headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId },
    });
    client.on('response', resolve).on('error', reject).end();
  });
  const events: TailEvent[] = [];
  let buffer = '';
  let waiting: (() => void) | undefined;
  const started = response.then((answer) => {
    answer.setEncoding('utf8');
    answer.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const field = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
        if (field('event') === 'log') events.push({ id: field('id'), body: (JSON.parse(field('data')!) as { body: string }).body });
      }
      waiting?.();
    });
    return answer;
  });
  return {
    response: started,
    /** The first `count` events of the stream, once they have arrived. */
    async take(count: number): Promise<TailEvent[]> {
      await started;
      const deadline = Date.now() + 15_000;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`${events.length} of ${count} events arrived`);
        await new Promise<void>((resolve) => {
          waiting = resolve;
          setTimeout(resolve, 200);
        });
      }
      return events.slice(0, count);
    },
    /** Every event so far. */
    received: () => [...events],
    /** Drops the connection, as a network blip or a stopped console does. */
    drop: () => client?.destroy(),
  };
}

const line = (body: string) => ({ timeUnixNano: BigInt(Date.now()) * 1_000_000n, severityNumber: 9, body, serviceName: 'orders-api' });

describe('a live tail reconnecting with Last-Event-ID', () => {
  let directory: ReturnType<typeof tempDir>;
  let running: RunningConsole | undefined;
  const open = async () => {
    running = await startConsole({ db: join(directory.dir, 'console.duckdb'), port: 0, otlpPort: 0 });
    return running;
  };

  beforeEach(() => {
    directory = tempDir('log-tail-resume');
  });
  afterEach(async () => {
    await running?.close();
    directory.remove();
  });

  it('gets, after the console restarted, every line stored since its last event and none twice', async () => {
    const first = await open();
    for (let index = 1; index <= 5; index++) await first.store.appendLogs([line(`before ${index}`)]);
    // A tail from the second line's cursor, as the UI opens one after its first page: three lines follow.
    const [, second] = await first.store.logs({ limit: 5 }).then((logs) => logs.reverse());
    const tail = openTail(first.url, `after=${second!.cursor}&limit=2`);
    const seen = await tail.take(3);
    expect(seen.map((event) => event.body)).toEqual(['before 3', 'before 4', 'before 5']);
    expect(seen.every((event) => event.id !== undefined && /^\d+$/.test(event.id))).toBe(true);
    tail.drop();
    await first.close();

    // Lines stored while the tail was away, on the restarted console's same database.
    const restarted = await open();
    await restarted.store.appendLogs([line('while away 1')]);
    await restarted.store.appendLogs([line('while away 2')]);
    const resumed = openTail(restarted.url, `after=${second!.cursor}&limit=2`, seen.at(-1)!.id);
    await restarted.store.appendLogs([line('after the reconnect')]);
    expect((await resumed.take(3)).map((event) => event.body)).toEqual(['while away 1', 'while away 2', 'after the reconnect']);
    // Nothing the first connection had came again (the URL's after alone would have sent 3 to 5).
    expect(resumed.received().map((event) => event.body)).toEqual(['while away 1', 'while away 2', 'after the reconnect']);
    resumed.drop();
  });

  it('is refused with 400 naming the header when the id is no cursor', async () => {
    const { url } = await open();
    const tail = openTail(url, 'limit=2', 'not-a-cursor');
    const answer = await tail.response;
    expect(answer.statusCode).toBe(400);
    let body = '';
    for await (const chunk of answer) body += chunk;
    expect(JSON.parse(body)).toMatchObject({ issues: [{ parameter: 'Last-Event-ID', message: 'a cursor from a previous answer' }] });
  });
});
