import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/server/console/index.js';
import { generateLogs, generateSpans } from '../../src/server/store/testing/generate.js';

/** Reads server-sent events from a streaming response, one at a time. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event: string | undefined; data: string | undefined; comment: boolean }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const field = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
          return { event: field('event'), data: field('data'), comment: lines.every((line) => line.startsWith(':')) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('GET /api/live', () => {
  let running: RunningConsole;

  beforeEach(async () => {
    running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  });

  afterEach(async () => {
    await running.close();
  });

  it('sends ready with the row counts, then an ingest event after spans or logs are stored, to every open stream', async () => {
    const document = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/api/live');
    const first = await fetch(`${running.url}/api/live`);
    const second = await fetch(`${running.url}/api/live`);
    expect(first.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const streams = [eventReader(first.body!), eventReader(second.body!)];
    for (const stream of streams) {
      expect((await stream.next()).comment).toBe(true);
      const ready = await stream.next();
      expect(ready.event).toBe('ready');
      expect(JSON.parse(ready.data!)).toMatchObject({ rows: { spans: 0, logs: 0 } });
    }

    await running.store.appendSpans(generateSpans(3, { startNs: BigInt(Date.now()) * 1_000_000n, spansPerTrace: 2 }));
    for (const stream of streams) {
      let message = await stream.next();
      while (message.comment) message = await stream.next();
      expect(message.event).toBe('ingest');
      const counts = JSON.parse(message.data!) as { rows: { spans: number; logs: number } };
      expect(counts.rows.spans).toBe(6);
    }

    await running.store.appendLogs(generateLogs(2, { startNs: BigInt(Date.now()) * 1_000_000n }));
    const [stream] = streams;
    let message = await stream!.next();
    while (message.comment) message = await stream!.next();
    expect(JSON.parse(message.data!)).toMatchObject({ rows: { spans: 6, logs: 2 } });
    for (const reader of streams) await reader.cancel();
  });
});
