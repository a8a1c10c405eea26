import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serverSentEvents } from './sse.js';

async function collect(chunks: string[]) {
  const stream = new PassThrough();
  const events = (async () => {
    const seen = [];
    for await (const event of serverSentEvents(stream as unknown as IncomingMessage)) seen.push(event);
    return seen;
  })();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return events;
}

describe('serverSentEvents', () => {
  it('yields events split across chunks, skipping comments and joining data lines', async () => {
    const events = await collect([': following\n\nid: 1\nevent: lo', 'g\ndata: {"a":1}\n', '\r\n', 'data: one\ndata: two\n\n']);
    expect(events).toEqual([
      { event: 'log', data: '{"a":1}' },
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('drops an event the stream ends in the middle of', async () => {
    expect(await collect(['event: log\ndata: partial'])).toEqual([]);
  });
});
