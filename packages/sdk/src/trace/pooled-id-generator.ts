import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;
/** Bytes turned into hex at a time: eight requests' trace and span ids. */
const CHUNK_BYTES = 192;
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';

/**
 * Trace and span ids from a pool of cryptographically random bytes, refilled 4 KiB at a time
 * and turned into hex 192 bytes at a time: an id is a slice of that hex string instead of a
 * Buffer.toString() call of its own (most of an id's cost was the call). A slice keeps its
 * 384-character chunk alive, not the pool.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  #poolOffset = POOL_BYTES;
  #hex = '';
  #hexOffset = 0;

  #take(chars: number): string {
    if (this.#hexOffset + chars > this.#hex.length) {
      if (this.#poolOffset + CHUNK_BYTES > POOL_BYTES) {
        randomFillSync(this.#pool);
        this.#poolOffset = 0;
      }
      this.#hex = this.#pool.toString('hex', this.#poolOffset, this.#poolOffset + CHUNK_BYTES);
      this.#poolOffset += CHUNK_BYTES;
      this.#hexOffset = 0;
    }
    const id = this.#hex.slice(this.#hexOffset, this.#hexOffset + chars);
    this.#hexOffset += chars;
    return id;
  }

  generateTraceId(): string {
    const id = this.#take(32);
    return id === INVALID_TRACE_ID ? this.generateTraceId() : id;
  }

  generateSpanId(): string {
    const id = this.#take(16);
    return id === INVALID_SPAN_ID ? this.generateSpanId() : id;
  }
}
