/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** A time as [seconds, nanoseconds] since the Unix epoch, as OpenTelemetry JS's `HrTime`. */
export type HrTime = readonly [seconds: number, nanos: number];

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_16 = 0x1_0000;
const NANOS_PER_SECOND = 1_000_000_000;
/**
 * Below these sizes a JS loop beats a call into Buffer's native code (Buffer.write,
 * TypedArray.set), whose fixed cost (~40-80 ns) dominates short strings and copies; above
 * them the native call wins. Measured on Node 20; Buffer.write was a third of the encoder's
 * time before short strings took the loop. Hex ids always take the loop: hexWrite cost
 * more than decoding 16 bytes by table.
 */
const LOOP_COPY_BYTES = 16;
const LOOP_STRING_UNITS = 16;
/** Up to 42 UTF-16 units are at most 126 UTF-8 bytes: a one-byte length; up to 5461, two bytes. */
const ONE_BYTE_LENGTH_UNITS = 42;
const TWO_BYTE_LENGTH_UNITS = 5461;

/** Nibble value of each hex digit's char code; other characters read as 0. */
const HEX_VALUES = new Uint8Array(128);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/** A 32-bit word's four bytes, most significant first (a Uint8Array store keeps a value's low 8 bits). */
function writeWord(buffer: Uint8Array, at: number, word: number): void {
  buffer[at] = word >>> 24;
  buffer[at + 1] = word >>> 16;
  buffer[at + 2] = word >>> 8;
  buffer[at + 3] = word;
}

/** The varint value of a field's tag; encoders precompute these as constants. */
export const tag = (field: number, wireType: number): number => ((field << 3) | wireType) >>> 0;

/** Bytes a uint32 takes as a varint. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/**
 * A growable protobuf writer over one reused Buffer: callers write fields in order and get the
 * bytes with `view()`. It grows by doubling and never shrinks, so a writer that is reset and
 * reused stops allocating once it has seen its largest message.
 */
export class ProtobufWriter {
  buffer: Buffer;
  position = 0;

  constructor(initialSize = 4096) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  reset(): void {
    this.position = 0;
  }

  /** The bytes written so far: a view that the next write may change, not a copy. */
  view(): Buffer {
    return this.buffer.subarray(0, this.position);
  }

  ensure(bytes: number): void {
    const needed = this.position + bytes;
    if (needed <= this.buffer.length) return;
    let size = Math.max(64, this.buffer.length * 2);
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }

  /** A varint up to 2^32 - 1: tags, lengths, enums, counts. */
  uint32(value: number): void {
    if (value < 0x80 && value >= 0) {
      // Tags and most lengths and counts: one byte.
      this.ensure(1);
      this.buffer[this.position++] = value;
      return;
    }
    this.ensure(5);
    const buffer = this.buffer;
    let position = this.position;
    let rest = value >>> 0;
    while (rest > 0x7f) {
      buffer[position++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    buffer[position++] = rest;
    this.position = position;
  }

  /**
   * An int64 varint from an integral JS number in [-2^63, 2^63): negative values are their
   * 64-bit two's complement, so they take 10 bytes, as protobuf's int64 requires.
   */
  int64(value: number): void {
    if (value >= 0 && value < TWO_POW_32) {
      this.uint32(value);
      return;
    }
    // ToUint32 and floor division are exact for integral doubles, negative ones included.
    this.varint64(value >>> 0, Math.floor(value / TWO_POW_32) >>> 0);
  }

  /** A varint from the low and high 32-bit halves of a 64-bit value. */
  varint64(low: number, high: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    let position = this.position;
    let lowBits = low >>> 0;
    let highBits = high >>> 0;
    while (highBits !== 0 || lowBits > 0x7f) {
      buffer[position++] = (lowBits & 0x7f) | 0x80;
      lowBits = ((lowBits >>> 7) | (highBits << 25)) >>> 0;
      highBits >>>= 7;
    }
    buffer[position++] = lowBits;
    this.position = position;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.#word(value, this.position);
    this.position += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.#word(low, this.position);
    this.#word(high, this.position + 4);
    this.position += 8;
  }

  /** A little-endian 32-bit word, written byte by byte (cheaper here than writeUInt32LE's checks). */
  #word(value: number, at: number): void {
    const buffer = this.buffer;
    buffer[at] = value;
    buffer[at + 1] = value >>> 8;
    buffer[at + 2] = value >>> 16;
    buffer[at + 3] = value >>> 24;
  }

  /**
   * HrTime [seconds, nanos] as unix nanoseconds in a fixed64, without BigInt: seconds * 1e9
   * passes 2^53 for today's dates, so seconds is split at 16 bits and every product stays
   * exact (each under 2^48 for any date before the year 2514).
   */
  hrTime(time: HrTime): void {
    const seconds = time[0];
    const belowSplit = (seconds % TWO_POW_16) * NANOS_PER_SECOND + time[1];
    const aboveSplit = Math.floor(seconds / TWO_POW_16) * NANOS_PER_SECOND;
    // total = aboveSplit * 2^16 + belowSplit; aboveSplit's low 16 bits land in the low word.
    const low = (aboveSplit % TWO_POW_16) * TWO_POW_16 + belowSplit;
    const high = Math.floor(aboveSplit / TWO_POW_16) + Math.floor(low / TWO_POW_32);
    this.fixed64(low % TWO_POW_32, high);
  }

  double(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.position);
    this.position += 8;
  }

  /** Bytes as they are, without a length: pre-encoded fields and messages. */
  raw(bytes: Uint8Array): void {
    const length = bytes.length;
    this.ensure(length);
    if (length < LOOP_COPY_BYTES) {
      const buffer = this.buffer;
      const position = this.position;
      for (let i = 0; i < length; i++) buffer[position + i] = bytes[i] as number;
    } else {
      this.buffer.set(bytes, this.position);
    }
    this.position += length;
  }

  /** A length-delimited bytes value. */
  bytes(bytes: Uint8Array): void {
    this.uint32(bytes.length);
    this.raw(bytes);
  }

  /** A length-delimited UTF-8 string. */
  string(value: string): void {
    const units = value.length;
    if (units <= LOOP_STRING_UNITS && this.#asciiString(value)) return;
    if (units <= TWO_BYTE_LENGTH_UNITS) this.#reservedString(value, units <= ONE_BYTE_LENGTH_UNITS ? 1 : 2);
    else this.#measuredString(value);
  }

  /**
   * Short ASCII strings (names, methods, most keys): code units copied as bytes after a length
   * written up front. Returns false, having written nothing, at the first non-ASCII unit.
   */
  #asciiString(value: string): boolean {
    const length = value.length;
    this.ensure(1 + length);
    const buffer = this.buffer;
    const start = this.position;
    for (let i = 0; i < length; i++) {
      const unit = value.charCodeAt(i);
      if (unit > 0x7f) return false;
      buffer[start + 1 + i] = unit;
    }
    buffer[start] = length;
    this.position = start + 1 + length;
    return true;
  }

  /**
   * Writes the text after `reserved` bytes for its length, then backfills the length, moving
   * the text left when it needs fewer. Saves Buffer.byteLength's second pass over the string.
   */
  #reservedString(value: string, reserved: 1 | 2): void {
    this.ensure(reserved + value.length * 3);
    const buffer = this.buffer;
    const start = this.position;
    const length = buffer.write(value, start + reserved, 'utf8');
    if (length < 0x80) {
      if (reserved === 2) buffer.copyWithin(start + 1, start + 2, start + 2 + length);
      buffer[start] = length;
      this.position = start + 1 + length;
    } else {
      buffer[start] = (length & 0x7f) | 0x80;
      buffer[start + 1] = length >>> 7;
      this.position = start + 2 + length;
    }
  }

  #measuredString(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.uint32(length);
    this.ensure(length);
    this.buffer.write(value, this.position, length, 'utf8');
    this.position += length;
  }

  /**
   * A length-delimited bytes value from a hex string (trace and span ids), decoded straight
   * into the buffer. Characters that are not hex digits read as 0, so the message stays well-formed.
   */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.uint32(length);
    this.ensure(length);
    const buffer = this.buffer;
    const position = this.position;
    for (let i = 0; i < length; i++) {
      const high = HEX_VALUES[hex.charCodeAt(2 * i) & 0x7f] as number;
      const low = HEX_VALUES[hex.charCodeAt(2 * i + 1) & 0x7f] as number;
      buffer[position + i] = (high << 4) | low;
    }
    this.position = position + length;
  }

  /** A length-delimited 16-byte value from four big-endian 32-bit words (a trace id kept as its words). */
  words128(word0: number, word1: number, word2: number, word3: number): void {
    this.ensure(17);
    const buffer = this.buffer;
    const position = this.position;
    buffer[position] = 16;
    writeWord(buffer, position + 1, word0);
    writeWord(buffer, position + 5, word1);
    writeWord(buffer, position + 9, word2);
    writeWord(buffer, position + 13, word3);
    this.position = position + 17;
  }

  /** A length-delimited 8-byte value from two big-endian 32-bit words (a span id kept as its words). */
  words64(word0: number, word1: number): void {
    this.ensure(9);
    const buffer = this.buffer;
    const position = this.position;
    buffer[position] = 8;
    writeWord(buffer, position + 1, word0);
    writeWord(buffer, position + 5, word1);
    this.position = position + 9;
  }

  /**
   * Starts a length-delimited submessage after its tag, reserving `reserved` bytes for its
   * length: 1 suits key-values, values and status (under 128 bytes), 2 suits spans (under
   * 16 KiB). Pass the result and the same `reserved` to `endMessage`.
   */
  beginMessage(reserved = 1): number {
    this.ensure(reserved);
    const start = this.position;
    this.position += reserved;
    return start;
  }

  /** Backfills the length; the body moves only when its length needs other than `reserved` bytes. */
  endMessage(start: number, reserved = 1): void {
    const length = this.position - start - reserved;
    const needed = varintSize(length);
    if (needed !== reserved) {
      this.ensure(needed - reserved);
      this.buffer.copyWithin(start + needed, start + reserved, this.position);
      this.position += needed - reserved;
    }
    const end = this.position;
    this.position = start;
    this.uint32(length);
    this.position = end;
  }
}
