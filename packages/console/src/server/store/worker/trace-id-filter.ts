import type { DuckDBConnection } from '@duckdb/node-api';
import { traceKeyOf, traceKeySql } from './trace-key.js';

/** Bits per trace id and probes: a false-positive rate of ~1.2 % (a Bloom filter's k = 0.7 * bits/n). */
export const BITS_PER_ID = 10;
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
  /** The filter's size in bits. */
  readonly bits: number;

  constructor(expectedIds: number) {
    this.bits = Math.max(1024, Math.ceil(expectedIds * BITS_PER_ID));
    this.words = new Uint32Array(Math.ceil(this.bits / 32));
  }

  /** Adds a trace by its key (trace-key.ts); an id without one is left out, and `mayContain` never rules it out. */
  add(traceId: string): void {
    const key = traceKeyOf(traceId);
    if (key === null) return;
    let h1 = fmix32(key);
    const h2 = secondHash(key);
    for (let i = 0; i < PROBES; i++) {
      const bit = h1 % this.bits;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
      h1 = (h1 + h2) >>> 0;
    }
  }

  mayContain(traceId: string): boolean {
    const key = traceKeyOf(traceId);
    if (key === null) return true;
    let h1 = fmix32(key);
    const h2 = secondHash(key);
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
   * The trace keys of a partition's spans and exceptions (an exception may be its trace's only row
   * there). DuckDB computes every key's bit positions (the same arithmetic as `add`) and ORs
   * them into the filter's 32-bit words, so only the words come back. Sized for the distinct keys,
   * estimated by HyperLogLog (`approx_count_distinct`, a few KB, within a few percent) with a 25 %
   * margin: sized for the rows instead, a sealed 256 MiB partition's filter took 12 MB where it
   * needs 1/5 of that with five spans per trace. The spans' 4-byte TraceKey column is read, not the
   * 32-character ids: hashing the ids' hex text took 3.0-3.2 s for 10 M spans on an idle machine,
   * both cores, and under flat-out ingest each build slowed the queries that ran meanwhile from
   * ~20 ms to ~100 ms.
   */
  static async build(connection: DuckDBConnection, partition: string): Promise<TraceIdFilter> {
    const keys = `SELECT k FROM (SELECT TraceKey k FROM ${partition}.spans UNION ALL SELECT ${traceKeySql('TraceId')} FROM ${partition}.exceptions) WHERE k IS NOT NULL`;
    const counted = await connection.runAndReadAll(`SELECT approx_count_distinct(k) FROM (${keys})`);
    const filter = new TraceIdFilter(Math.ceil(Number(counted.getRows()[0]?.[0] ?? 0) * DISTINCT_MARGIN));
    const probes = Array.from({ length: PROBES }, (_, i) => `((h1 + ${i} * h2) % ${WORD}) % ${filter.bits}`).join(', ');
    const result = await connection.stream(
      `WITH own AS (SELECT DISTINCT k::UBIGINT k FROM (${keys})),
        ${fmix32Stages('h1', 'own', 'k', 'k')},
        seconds AS (SELECT h1, xor(k, ${SECOND_SEED}::UBIGINT) y FROM h1),
        ${fmix32Stages('h2', 'seconds', 'y', 'h1')},
        bitpositions AS (SELECT unnest([${probes}]) bitpos FROM (SELECT h1, h2 | 1 h2 FROM h2))
      SELECT bitpos // 32 word, bit_or(1::UBIGINT << (bitpos % 32)) mask FROM bitpositions GROUP BY word`,
    );
    // Chunk by chunk: the worker's event loop takes a query or an append between two.
    for await (const chunk of result) {
      const [words, masks] = [chunk.getColumnVector(0), chunk.getColumnVector(1)];
      for (let row = 0; row < chunk.rowCount; row++) filter.words[Number(words.getItem(row))] = Number(masks.getItem(row));
    }
    return filter;
  }
}

const MIX_1 = 0x85ebca6b;
const MIX_2 = 0xc2b2ae35;

/** murmur3's 32-bit finalizer: every input bit moves every output bit. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), MIX_1) >>> 0;
  h = Math.imul(h ^ (h >>> 13), MIX_2) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const WORD = 2 ** 32;

/**
 * `fmix32` in DuckDB's SQL (UBIGINT arithmetic on values below 2^32), as common table expressions
 * that end in one named `name`, holding `name` (the hash of `from`'s `value`) and `keep`: one step
 * per expression, so no step's input is computed twice.
 */
function fmix32Stages(name: string, from: string, value: string, keep: string): string {
  return `${name}_a AS (SELECT (xor(${value}, ${value} >> 16) * ${MIX_1}) % ${WORD} m, ${keep} FROM ${from}),
        ${name}_b AS (SELECT (xor(m, m >> 13) * ${MIX_2}) % ${WORD} m, ${keep} FROM ${name}_a),
        ${name} AS (SELECT xor(m, m >> 16) ${name}, ${keep} FROM ${name}_b)`;
}

/** XORed into a key before the second hash, so the two hashes of one key differ. */
const SECOND_SEED = 0x9e3779b9;

/**
 * The step of the double hashing: the key's second hash, odd (so the probes visit distinct bits
 * for any filter size). Both hashes come from the trace key, the id's last 32 bits: the random
 * ones (trace-key.ts); an id without a key (not lowercase hex) cannot be ruled out.
 */
function secondHash(key: number): number {
  return (fmix32((key ^ SECOND_SEED) >>> 0) | 1) >>> 0;
}
