import type { DuckDBConnection } from '@duckdb/node-api';

/** Bits per trace id and probes: a false-positive rate of ~1.2 % (a Bloom filter's k = 0.7 * bits/n). */
const BITS_PER_ID = 10;
const PROBES = 4;
/** Room over the HyperLogLog estimate of distinct ids, so its error never raises the false-positive rate much. */
const DISTINCT_MARGIN = 1.25;

/**
 * Which trace ids a sealed partition holds, as a Bloom filter: "no" is certain, "maybe" is
 * wrong ~1 % of the time. Random trace ids defeat DuckDB's zone maps, so a lookup by id without
 * a time hint used to read the `TraceId` column of every partition; with the filters it reads the
 * active partition and the sealed ones that may hold the trace (~1.25 bytes per trace of memory).
 */
export class TraceIdFilter {
  private readonly words: Uint32Array;
  private readonly bits: number;

  constructor(expectedIds: number) {
    this.bits = Math.max(1024, Math.ceil(expectedIds * BITS_PER_ID));
    this.words = new Uint32Array(Math.ceil(this.bits / 32));
  }

  add(traceId: string): void {
    let [h1, h2] = hashes(traceId);
    for (let i = 0; i < PROBES; i++) {
      const bit = h1 % this.bits;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
      h1 = (h1 + h2) >>> 0;
    }
  }

  mayContain(traceId: string): boolean {
    let [h1, h2] = hashes(traceId);
    for (let i = 0; i < PROBES; i++) {
      const bit = h1 % this.bits;
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
      h1 = (h1 + h2) >>> 0;
    }
    return true;
  }

  /** The filter's own memory (its bit array), bytes. */
  get byteLength(): number {
    return this.words.byteLength;
  }

  /**
   * The trace ids of a partition's spans and exceptions (an exception may be its trace's only row
   * there), streamed chunk by chunk: a sealed partition holds millions of ids, and reading them all
   * at once (with a DISTINCT) held hundreds of MB in DuckDB and the worker's heap. A trace's id is
   * added once per row; a repeat sets the same bits. Sized for the distinct trace ids, estimated by
   * HyperLogLog (`approx_count_distinct`, a few KB, within a few percent) with a 25 % margin: sized
   * for the rows instead, a sealed 256 MiB partition's filter took 12 MB where it needs 1/5 of that
   * with five spans per trace (measured: the worker's external memory grew by 50 MiB over 15
   * minutes of ingest, five partitions sealed).
   */
  static async build(connection: DuckDBConnection, partition: string): Promise<TraceIdFilter> {
    const ids = `SELECT TraceId FROM ${partition}.spans UNION ALL SELECT TraceId FROM ${partition}.exceptions`;
    const counted = await connection.runAndReadAll(`SELECT approx_count_distinct(TraceId) FROM (${ids})`);
    const filter = new TraceIdFilter(Math.ceil(Number(counted.getRows()[0]?.[0] ?? 0) * DISTINCT_MARGIN));
    const result = await connection.stream(ids);
    for await (const chunk of result) {
      const column = chunk.getColumnVector(0);
      for (let row = 0; row < chunk.rowCount; row++) {
        const id = column.getItem(row);
        if (typeof id === 'string') filter.add(id);
      }
    }
    return filter;
  }
}

/** Two 32-bit FNV-1a hashes of the id (different offsets), for double hashing. */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  // An odd step visits distinct bits for any filter size.
  return [a >>> 0, ((b ^ (b >>> 15)) >>> 0) | 1];
}
