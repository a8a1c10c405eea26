import type { FastifyReply } from 'fastify';
import type { LogSearch, Store } from '../store/index.js';
import { openEventStream, STREAM_HEARTBEAT_MS, STREAM_POLL_MS } from './event-stream.js';
import { logRecordOf } from './to-api.js';

/**
 * Live tail over server-sent events: each stored log line after the cursor goes out as one
 * `log` event, oldest first; a comment line keeps idle proxies from closing the stream. The
 * store is asked once a second (the UI's refresh rate, like otel-desktop-viewer's poll),
 * whatever the number of log lines.
 */
export function followLogs(reply: FastifyReply, store: Store, search: LogSearch, startCursor: bigint | undefined): void {
  const raw = openEventStream(reply, 'following');
  let cursor = startCursor;
  let closed = false;
  let lastWrite = Date.now();
  // A poll in flight when the client leaves is cancelled with it.
  const gone = new AbortController();
  const queries = store.cancellable(gone.signal);

  const poll = async () => {
    if (closed) return;
    try {
      const batch = await queries.logs({ ...search, afterCursor: cursor ?? 0n });
      for (const log of batch) {
        raw.write(`id: ${log.cursor}\nevent: log\ndata: ${JSON.stringify(logRecordOf(log))}\n\n`);
        cursor = log.cursor;
      }
      if (batch.length > 0) lastWrite = Date.now();
      else if (Date.now() - lastWrite >= STREAM_HEARTBEAT_MS) {
        raw.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
    } catch (error) {
      if (closed) return;
      raw.write(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
    }
    if (!closed) timer = setTimeout(poll, STREAM_POLL_MS);
  };
  let timer = setTimeout(poll, 0);
  raw.on('close', () => {
    closed = true;
    clearTimeout(timer);
    gone.abort();
  });
}
