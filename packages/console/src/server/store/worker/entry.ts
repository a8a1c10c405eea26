import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire } from '../errors.js';
import type { FromWorker, ToWorker, WorkerData } from '../protocol.js';
import { Database } from './database.js';

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
