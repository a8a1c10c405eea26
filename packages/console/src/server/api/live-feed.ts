import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Store, StoreStats } from '../store/index.js';
import { openEventStream, STREAM_HEARTBEAT_MS, STREAM_POLL_MS } from './event-stream.js';
import { type LiveEvent, noQuery } from './schemas.js';
import { parseQuery } from './validate.js';

type RowCounts = StoreStats['rows'];

/**
 * `GET /api/live`: server-sent `ingest` events whenever the store's row counts changed, so the
 * UI refreshes the view it shows. One poll of `store.rowCounts()` a second serves every open
 * stream (none runs while nobody listens); no work per stored row. A new stream first gets a
 * `ready` event with the counts that later changes are measured against.
 */
export function registerLiveRoute(app: FastifyInstance, store: Store): void {
  const listeners = new Set<FastifyReply['raw']>();
  const waitingForReady = new Set<FastifyReply['raw']>();
  let timer: NodeJS.Timeout | undefined;
  let last: RowCounts | undefined;
  let lastWrite = Date.now();

  const broadcast = (chunk: string) => {
    for (const raw of listeners) raw.write(chunk);
    lastWrite = Date.now();
  };

  const poll = async () => {
    try {
      const rows = await store.rowCounts();
      const data = JSON.stringify({ rows } satisfies LiveEvent);
      if (last !== undefined && !sameCounts(last, rows)) broadcast(`event: ingest\ndata: ${data}\n\n`);
      last = rows;
      for (const raw of waitingForReady) raw.write(`event: ready\ndata: ${data}\n\n`);
      waitingForReady.clear();
      if (Date.now() - lastWrite >= STREAM_HEARTBEAT_MS) broadcast(': heartbeat\n\n');
    } catch {
      // A closing or failed store: the streams end with the server; nothing to tell them now.
    }
    if (listeners.size > 0) timer = setTimeout(poll, STREAM_POLL_MS).unref();
    else timer = undefined;
  };

  app.get('/api/live', (request, reply) => {
    parseQuery(noQuery, request.query);
    const raw = openEventStream(reply, 'live');
    listeners.add(raw);
    waitingForReady.add(raw);
    raw.on('close', () => {
      listeners.delete(raw);
      waitingForReady.delete(raw);
    });
    if (timer === undefined) {
      last = undefined;
      timer = setTimeout(poll, 0).unref();
    }
  });

  app.addHook('onClose', async () => {
    clearTimeout(timer);
    for (const raw of listeners) raw.end();
    listeners.clear();
    waitingForReady.clear();
  });
}

function sameCounts(a: RowCounts, b: RowCounts): boolean {
  return a.spans === b.spans && a.logs === b.logs && a.metricPoints === b.metricPoints && a.scrapeSamples === b.scrapeSamples;
}
