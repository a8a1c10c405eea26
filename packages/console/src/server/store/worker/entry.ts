import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire } from '../errors.js';
import type { FromWorker, ToWorker, WorkerData } from '../protocol.js';
import { Database } from './database.js';
import { decodeOtlp } from './ingest-otlp.js';
import { prepareAppend } from './prepare-rows.js';

/** The worker thread that owns DuckDB. Everything synchronous (appender flushes) happens here. */
const port = parentPort!;
const { config, nowMs } = workerData as WorkerData;
const post = (message: FromWorker): void => port.postMessage(message);

type IngestMessage = Extract<ToWorker, { type: 'ingest' }>;

/**
 * Bodies wait here and are decoded one per macrotask (~2 ms for 512 spans). Messages that arrive
 * together are dispatched together: decoding each at once would make a query that came behind a
 * burst of exports wait for all of them; queued, the query starts (and its results are read)
 * between two decodes.
 */
const decodeQueue: IngestMessage[] = [];
let decodeScheduled = false;

let database: Database;
try {
  database = await Database.open(config, nowMs, {
    // Bodies still queued for decoding join the transaction that is starting (bigger group commits).
    gather: decodeAll,
    committed: (ids) => post({ type: 'committed', ids }),
    failed: (ids, error) => post({ type: 'writeFailed', ids, error: errorToWire(error, 'SL_STORE_WRITE_FAILED') }),
  });
} catch (error) {
  post({ type: 'openFailed', error: errorToWire(error, 'SL_STORE_OPEN_FAILED') });
  port.close();
  process.exit(0);
}
post({ type: 'ready', commitsAtOpen: 0 });

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'append':
      append(message);
      return;
    case 'ingest':
      ingest(message);
      return;
    case 'query':
      database.answer(message.id, message.kind, message.args).then(
        (value) =>
          // Bytes (trace JSON) are transferred, not copied.
          value instanceof Uint8Array
            ? port.postMessage({ type: 'result', id: message.id, value } satisfies FromWorker, [value.buffer as ArrayBuffer])
            : post({ type: 'result', id: message.id, value }),
        (error: unknown) => post({ type: 'failed', id: message.id, error: errorToWire(error, 'SL_STORE_QUERY_FAILED') }),
      );
      return;
    case 'cancel':
      database.cancel(message.id);
      return;
    case 'close':
      // Bodies received before the close are stored: decoded now, committed by close's drain.
      decodeAll();
      database.close().then(
        () => {
          post({ type: 'closed', id: message.id });
          port.close();
        },
        (error: unknown) => post({ type: 'failed', id: message.id, error: errorToWire(error, 'SL_STORE_CLOSE_FAILED') }),
      );
      return;
  }
});

/** Rows from the main thread (the scraper, tests), mapped to column values here. */
function append(message: Extract<ToWorker, { type: 'append' }>): void {
  let batch: ReturnType<typeof prepareAppend>;
  try {
    batch = prepareAppend(message.table, message.rows);
  } catch (error) {
    post({ type: 'writeFailed', ids: [message.id], error: errorToWire(error, 'SL_STORE_WRITE_FAILED') });
    return;
  }
  database.writer.enqueue({ id: message.id, batch });
}

/** Rows derived from a request (its exceptions) ride in the same group commit; nobody waits on id 0. */
const DERIVED = 0;

function ingest(message: IngestMessage): void {
  decodeQueue.push(message);
  if (decodeScheduled) return;
  decodeScheduled = true;
  setImmediate(decodeNext);
}

function decodeNext(): void {
  // A running query goes first (bounded wait, see QueryPriority).
  if (database.queries.busy) {
    void database.queries.idle().then(() => setImmediate(decodeNext));
    return;
  }
  const message = decodeQueue.shift();
  if (message !== undefined) decodeOne(message);
  if (decodeQueue.length > 0) setImmediate(decodeNext);
  else decodeScheduled = false;
}

function decodeAll(): void {
  while (decodeQueue.length > 0) decodeOne(decodeQueue.shift()!);
}

function decodeOne(message: IngestMessage): void {
  let decoded: ReturnType<typeof decodeOtlp>;
  try {
    decoded = decodeOtlp(message.signal, message.format, message.body);
  } catch (error) {
    post({ type: 'failed', id: message.id, error: errorToWire(error, 'SL_STORE_WRITE_FAILED') });
    return;
  }
  if (decoded.rejected > 0 || decoded.errorMessage !== '') {
    post({ type: 'partial', id: message.id, rejected: decoded.rejected, errorMessage: decoded.errorMessage });
  }
  const [own, ...derived] = decoded.appends;
  if (own === undefined || own.rows === 0) {
    post({ type: 'committed', ids: [message.id] });
    return;
  }
  for (const batch of derived) if (batch.rows > 0) database.writer.enqueue({ id: DERIVED, batch });
  database.writer.enqueue({ id: message.id, batch: own });
}
