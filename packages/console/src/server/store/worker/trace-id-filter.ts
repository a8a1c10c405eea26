import type { DuckDBConnection } from '@duckdb/node-api';

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

  add(traceId: string): void {
    const pair = hashes(traceId);
    if (pair === undefined) return;
    let [h1, h2] = pair;
    for (let i = 0; i < PROBES; i++) {
      const bit = h1 % this.bits;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
      h1 = (h1 + h2) >>> 0;
    }
  }

  mayContain(traceId: string): boolean {
    const pair = hashes(traceId);
    if (pair === undefined) return true;
    let [h1, h2] = pair;
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
   * there). DuckDB computes every id's bit positions (the same arithmetic as `hashes` below) and
   * ORs them into the filter's 32-bit words, so only the words come back: reading every id into
   * the worker (millions of strings) took ~16 s per sealed partition under ingest, every query
   * slower meanwhile. Sized for the distinct trace ids, estimated by HyperLogLog
   * (`approx_count_distinct`, a few KB, within a few percent) with a 25 % margin: sized for the
   * rows instead, a sealed 256 MiB partition's filter took 12 MB where it needs 1/5 of that with
   * five spans per trace.
   */
  static async build(connection: DuckDBConnection, partition: string): Promise<TraceIdFilter> {
    const ids = `SELECT TraceId FROM ${partition}.spans UNION ALL SELECT TraceId FROM ${partition}.exceptions`;
    const counted = await connection.runAndReadAll(`SELECT approx_count_distinct(TraceId) FROM (${ids})`);
    const filter = new TraceIdFilter(Math.ceil(Number(counted.getRows()[0]?.[0] ?? 0) * DISTINCT_MARGIN));
    const probes = Array.from({ length: PROBES }, (_, i) => `((h1 + ${i} * h2) % ${WORD}) % ${filter.bits}`).join(', ');
    const half = (from: number) => `TRY_CAST('0x' || substr(TraceId, ${from}, 16) AS UBIGINT)`;
    const result = await connection.stream(
      `WITH halves AS (SELECT ${half(1)} hi, ${half(17)} lo FROM (${ids}) WHERE length(TraceId) = 32),
        folded AS (SELECT xor(lo % ${WORD}, hi % ${WORD}) x, xor(lo // ${WORD}, hi // ${WORD}) rest FROM halves WHERE hi IS NOT NULL AND lo IS NOT NULL),
        ${fmix32Stages('h1', 'folded', 'x', 'rest')},
        seconds AS (SELECT h1, xor(rest, h1) y FROM h1),
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

const HEX_ID = /^[0-9a-fA-F]{32}$/;
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

/**
 * The double-hashing pair of a 32-hex-digit id: its four 32-bit words folded in pairs (XOR) and
 * mixed (fmix32), the second of the pair mixing in the first, so every digit counts (ids that
 * differ in one digit, or count up, spread); an odd step visits distinct bits for any filter
 * size. `build` computes the same in SQL; an id that is not 32 hex digits has no pair
 * (undefined): the filter cannot rule it out.
 */
function hashes(id: string): [number, number] | undefined {
  if (!HEX_ID.test(id)) return undefined;
  const w = [0, 8, 16, 24].map((at) => Number.parseInt(id.slice(at, at + 8), 16));
  const h1 = fmix32(w[3]! ^ w[1]!);
  return [h1, (fmix32(w[2]! ^ w[0]! ^ h1) | 1) >>> 0];
}
