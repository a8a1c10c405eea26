import type { FastifyReply } from 'fastify';
import type { LogSearch, Store, StoredLog } from '../store/index.js';
import { openEventStream, STREAM_HEARTBEAT_MS, STREAM_POLL_MS } from './event-stream.js';
import { logCursorParam } from './schemas.js';
import { logRecordOf } from './to-api.js';
import { ApiRequestError } from './validate.js';

/** The header a reconnecting EventSource sends: the `id:` of the last event it received. */
export const LAST_EVENT_ID_HEADER = 'Last-Event-ID';

/**
 * Where a tail starts. A reconnecting EventSource (the console restarted, the network dropped)
 * asks for the same URL again with `Last-Event-ID`: the cursor of the last line it received,
 * so it takes precedence over the URL's `after` and the tail goes on with every matching line
 * stored after it, none twice. Without it, after `after`; without either (undefined), at the
 * newest lines.
 */
export function followStart(lastEventId: string | string[] | undefined, after: string | undefined): bigint | undefined {
  // The EventSource standard sends no header while its last event id is empty.
  if (lastEventId === undefined || lastEventId === '') return after === undefined ? undefined : BigInt(after);
  const parsed = logCursorParam.safeParse(lastEventId);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'a cursor from a previous answer';
    throw new ApiRequestError(400, 'bad_request', `bad request header: ${LAST_EVENT_ID_HEADER}`, [
      { parameter: LAST_EVENT_ID_HEADER, message },
    ]);
  }
  return BigInt(parsed.data);
}

/**
 * Live tail over server-sent events: each stored log line after the cursor goes out as one
 * `log` event, in the order they were stored; a comment line keeps idle proxies from closing
 * the stream. The store is asked once a second (the UI's refresh rate, like otel-desktop-viewer's
 * poll), whatever the number of log lines, and again at once while a poll comes back full.
 *
 * Without a cursor the tail starts where `tail -f` and `kubectl logs -f` do: the newest `limit`
 * lines matching the search, oldest first, then only lines stored after them. With one (`after`,
 * what the UI passes after its first page; `0` for everything; or `Last-Event-ID`, see
 * followStart) it starts after that cursor. Every line's event carries its cursor as its `id:`,
 * which is what an EventSource sends back as `Last-Event-ID` when it reconnects.
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
    let full = false;
    try {
      const batch = cursor === undefined ? await newestLines() : await queries.logs({ ...search, afterCursor: cursor });
      for (const log of batch) {
        raw.write(`id: ${log.cursor}\nevent: log\ndata: ${JSON.stringify(logRecordOf(log))}\n\n`);
        cursor = log.cursor;
      }
      if (batch.length > 0) lastWrite = Date.now();
      else if (Date.now() - lastWrite >= STREAM_HEARTBEAT_MS) {
        raw.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
      full = search.limit !== undefined && batch.length >= search.limit;
    } catch (error) {
      if (closed) return;
      raw.write(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
    }
    // A full batch means more are waiting: a burst is caught up at once, not `limit` lines a second.
    if (!closed) timer = setTimeout(poll, full ? 0 : STREAM_POLL_MS);
  };

  /** The tail's first batch: the newest matching lines, sent oldest first; the cursor then follows the newest stored. */
  const newestLines = async (): Promise<StoredLog[]> => {
    const newest = await queries.logs(search);
    // Newest first by time: sent in the order they were stored, as every later line is. With
    // none, the tail starts at 0: no stored line matched, so only lines stored from now on can.
    newest.sort((a, b) => (a.cursor < b.cursor ? -1 : a.cursor > b.cursor ? 1 : 0));
    cursor = newest.at(-1)?.cursor ?? 0n;
    return newest;
  };

  let timer = setTimeout(poll, 0);
  raw.on('close', () => {
    closed = true;
    clearTimeout(timer);
    gone.abort();
  });
}
