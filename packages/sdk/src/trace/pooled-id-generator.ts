import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';
import type { SpanIdWords } from '@sightline/otlp/encode';

/**
 * Refilled when used up: every 2,730 requests (24 bytes each). A refill costs about the same at
 * 4 KiB as at 64 KiB when it runs once in a while on a busy server (~60 us: randomFillSync's fixed
 * cost, not its bytes, measured 2026-12-05), so the 4 KiB pool paid ~0.2-0.3 us a request for it.
 */
export const POOL_BYTES = 65_536;
/** Bytes turned into hex at a time: eight requests' trace and span ids. */
const CHUNK_BYTES = 192;
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';

/** What a ratio sampler needs of a trace id, from the one that made it (see TraceIdRatioSampler). */
export interface TraceIdWords {
  /**
   * The XOR of the id's four 32-bit words (unsigned) when `traceId` is the last trace id this
   * generator made and its bytes are still at hand, else -1: the sampler's number without reading
   * 32 hex digits back.
   */
  xorOfLast(traceId: string): number;
}

/**
 * Trace and span ids from a pool of cryptographically random bytes, refilled 64 KiB at a time
 * and turned into hex 192 bytes at a time: an id is a slice of that hex string instead of a
 * Buffer.toString() call of its own (most of an id's cost was the call). A slice keeps its
 * 384-character chunk alive, not the pool. The last trace id's words are read from the pool's
 * bytes, for the sampler that decides on it next, and the last trace and span ids' words for a
 * sampled span the encoder writes without decoding the ids' hex (a slice reads slower than a flat string).
 */
export class PooledIdGenerator implements IdGenerator, TraceIdWords {
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  /** The pool's bytes as big-endian words, read inline by optimized code (Buffer's readUInt32BE checks its offset each call). */
  readonly #view = new DataView(this.#pool.buffer, this.#pool.byteOffset, POOL_BYTES);
  #poolOffset = POOL_BYTES;
  #hex = '';
  #hexOffset = 0;
  #lastTraceId = '';
  /** Where the last trace id's bytes are in the pool, and the refill they came from. */
  #lastAt = 0;
  #lastFill = 0;
  /** The same for the last span id. */
  #lastSpanId = '';
  #lastSpanAt = 0;
  #lastSpanFill = 0;
  /** Pool refills so far: a refill overwrites the bytes of every id made before it. */
  #fills = 0;

  /** Where the id just taken (`chars` hex digits) starts in the pool. */
  #takenAt(chars: number): number {
    return this.#poolOffset - CHUNK_BYTES + (this.#hexOffset - chars) / 2;
  }

  #take(chars: number): string {
    if (this.#hexOffset + chars > this.#hex.length) {
      if (this.#poolOffset + CHUNK_BYTES > POOL_BYTES) {
        randomFillSync(this.#pool);
        this.#fills++;
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
    if (id === INVALID_TRACE_ID) return this.generateTraceId();
    // Only where its bytes are: the words are read when a sampler asks (at ratios 0 and 1 none does).
    this.#lastAt = this.#takenAt(32);
    this.#lastFill = this.#fills;
    this.#lastTraceId = id;
    return id;
  }

  /**
   * Where `traceId`'s bytes are in the pool when it is the last trace id made and no refill since (an
   * id drawn after it used up the pool) overwrote them, else -1.
   */
  #lastTraceAt(traceId: string): number {
    return traceId === this.#lastTraceId && this.#lastFill === this.#fills ? this.#lastAt : -1;
  }

  xorOfLast(traceId: string): number {
    const at = this.#lastTraceAt(traceId);
    if (at < 0) return -1;
    const view = this.#view;
    return (view.getUint32(at) ^ view.getUint32(at + 4) ^ view.getUint32(at + 8) ^ view.getUint32(at + 12)) >>> 0;
  }

  generateSpanId(): string {
    const id = this.#take(16);
    if (id === INVALID_SPAN_ID) return this.generateSpanId();
    this.#lastSpanAt = this.#takenAt(16);
    this.#lastSpanFill = this.#fills;
    this.#lastSpanId = id;
    return id;
  }

  /**
   * The words of `traceId` and `spanId` (SpanInput.idWords: the encoder writes them without reading
   * hex digits back) when they are the last trace id and span id this generator made and their
   * bytes are still at hand, else undefined.
   */
  idWordsOf(traceId: string, spanId: string): SpanIdWords | undefined {
    const trace = this.#lastTraceAt(traceId);
    if (trace < 0 || spanId !== this.#lastSpanId || this.#lastSpanFill !== this.#fills) return undefined;
    const view = this.#view;
    const span = this.#lastSpanAt;
    return {
      trace0: view.getInt32(trace),
      trace1: view.getInt32(trace + 4),
      trace2: view.getInt32(trace + 8),
      trace3: view.getInt32(trace + 12),
      span0: view.getInt32(span),
      span1: view.getInt32(span + 4),
    };
  }
}
