import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire } from '../errors.js';
import type { FromWorker, ToWorker, WorkerData } from '../protocol.js';
import { Database } from './database.js';
import { decodeOtlp } from './ingest-otlp.js';

/** The worker thread that owns DuckDB. Everything synchronous (appender flushes) happens here. */
const port = parentPort!;
const { config, nowMs } = workerData as WorkerData;
const post = (message: FromWorker): void => port.postMessage(message);

let database: Database;
try {
  database = await Database.open(config, nowMs, {
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
      database.writer.enqueue({ id: message.id, table: message.table, rows: message.rows });
      return;
    case 'ingest':
      ingest(message);
      return;
    case 'query':
      database.query(message.kind, message.args).then(
        (value) =>
          // Bytes (trace JSON) are transferred, not copied.
          value instanceof Uint8Array
            ? port.postMessage({ type: 'result', id: message.id, value } satisfies FromWorker, [value.buffer as ArrayBuffer])
            : post({ type: 'result', id: message.id, value }),
        (error: unknown) => post({ type: 'failed', id: message.id, error: errorToWire(error, 'SL_STORE_QUERY_FAILED') }),
      );
      return;
    case 'close':
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

/** Rows derived from a request (its exceptions) ride in the same group commit; nobody waits on id 0. */
const DERIVED = 0;

function ingest(message: Extract<ToWorker, { type: 'ingest' }>): void {
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
  if (own === undefined || own.rows.length === 0) {
    post({ type: 'committed', ids: [message.id] });
    return;
  }
  for (const append of derived) {
    if (append.rows.length > 0) database.writer.enqueue({ id: DERIVED, table: append.table, rows: append.rows });
  }
  database.writer.enqueue({ id: message.id, table: own.table, rows: own.rows });
}
