import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';

/**
 * Trace and span ids from a pool of cryptographically random bytes, refilled 4 KiB at a
 * time: one hex slice per id instead of several Math.random() calls and buffer writes.
 */
export class PooledIdGenerator implements IdGenerator {
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  #offset = POOL_BYTES;

  #take(bytes: number): string {
    if (this.#offset + bytes > POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const id = this.#pool.toString('hex', this.#offset, this.#offset + bytes);
    this.#offset += bytes;
    return id;
  }

  generateTraceId(): string {
    const id = this.#take(16);
    return id === INVALID_TRACE_ID ? this.generateTraceId() : id;
  }

  generateSpanId(): string {
    const id = this.#take(8);
    return id === INVALID_SPAN_ID ? this.generateSpanId() : id;
  }
}
