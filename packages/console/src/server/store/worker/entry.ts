import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire } from '../errors.js';
import type { DecoderToWriter, FromWorker, ToWorker, WorkerData } from '../protocol.js';
import { Database } from './database.js';
import { prepareAppend } from './prepare-rows.js';

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
      append(message);
      return;
    case 'decoder':
      message.port.on('message', (decoded: DecoderToWriter) => {
        if (decoded.type === 'close') {
          message.port.close();
          close(decoded.id);
        } else enqueueDecoded(decoded);
      });
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
      close(message.id);
      return;
  }
});

function close(id: number): void {
  database.close().then(
    () => {
      post({ type: 'closed', id });
      port.close();
    },
    (error: unknown) => post({ type: 'failed', id, error: errorToWire(error, 'SL_STORE_CLOSE_FAILED') }),
  );
}

/** Rows from the main thread (the scraper, tests): mapped to column values here. */
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

function enqueueDecoded(decoded: Extract<DecoderToWriter, { type: 'decoded' }>): void {
  if (decoded.rejected > 0 || decoded.errorMessage !== '') {
    post({ type: 'partial', id: decoded.id, rejected: decoded.rejected, errorMessage: decoded.errorMessage });
  }
  const [own, ...derived] = decoded.appends;
  if (own === undefined || own.rows === 0) {
    post({ type: 'committed', ids: [decoded.id] });
    return;
  }
  for (const batch of derived) if (batch.rows > 0) database.writer.enqueue({ id: DERIVED, batch });
  database.writer.enqueue({ id: decoded.id, batch: own });
}
