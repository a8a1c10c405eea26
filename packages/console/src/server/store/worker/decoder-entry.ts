import { parentPort, workerData } from 'node:worker_threads';
import { errorToWire } from '../errors.js';
import type { DecoderData, DecoderToWriter, FromWorker, ToDecoder } from '../protocol.js';
import { decodeOtlp } from './ingest-otlp.js';

/**
 * The decoder thread: OTLP bodies → column values (decoding, JSON text of attributes, exception
 * rows), handed to the writer over a port of their own. The writer thread then only appends and
 * commits: decoding beside it instead of before it is what lets ingest use a second core.
 */
const main = parentPort!;
const { writer } = workerData as DecoderData;

main.on('message', (message: ToDecoder) => {
  if (message.type === 'close') {
    // Behind every body received before it on the same port: the writer stores them, then closes.
    writer.postMessage(message satisfies DecoderToWriter);
    writer.close();
    main.close();
    return;
  }
  let decoded: ReturnType<typeof decodeOtlp>;
  try {
    decoded = decodeOtlp(message.signal, message.format, message.body);
  } catch (error) {
    // A malformed body: nothing of it reaches the writer.
    main.postMessage({ type: 'failed', id: message.id, error: errorToWire(error, 'SL_STORE_WRITE_FAILED') } satisfies FromWorker);
    return;
  }
  const { appends, rejected, errorMessage } = decoded;
  writer.postMessage({ type: 'decoded', id: message.id, appends, rejected, errorMessage } satisfies DecoderToWriter);
});
