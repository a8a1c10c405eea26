/**
 * The little protobuf writing the receiver needs: small response messages (a partial
 * success, a google.rpc.Status). Sizes are known before writing, so each message is one
 * exact allocation.
 */

const utf8 = new TextEncoder();

export function varintSize(value: bigint): number {
  let size = 1;
  for (let rest = BigInt.asUintN(64, value); rest >= 0x80n; rest >>= 7n) size++;
  return size;
}

/** Field-by-field protobuf output into a fixed-size array. */
export class ResponseWriter {
  readonly bytes: Uint8Array;
  #position = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  varint(value: bigint): void {
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      this.bytes[this.#position++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.bytes[this.#position++] = Number(rest);
  }

  raw(bytes: Uint8Array): void {
    this.bytes.set(bytes, this.#position);
    this.#position += bytes.length;
  }
}

/** One encoded field: its tag, and its value's bytes (length prefix included for length-delimited fields). */
export interface EncodedField {
  readonly size: number;
  write(writer: ResponseWriter): void;
}

export function varintField(field: number, value: bigint): EncodedField {
  const tag = BigInt(field * 8);
  return {
    size: varintSize(tag) + varintSize(value),
    write(writer) {
      writer.varint(tag);
      writer.varint(value);
    },
  };
}

export function bytesField(field: number, bytes: Uint8Array): EncodedField {
  const tag = BigInt(field * 8 + 2);
  return {
    size: varintSize(tag) + varintSize(BigInt(bytes.length)) + bytes.length,
    write(writer) {
      writer.varint(tag);
      writer.varint(BigInt(bytes.length));
      writer.raw(bytes);
    },
  };
}

export const stringField = (field: number, value: string): EncodedField => bytesField(field, utf8.encode(value));

/** A message's fields, in order, as bytes. */
export function encodeMessage(fields: readonly EncodedField[]): Uint8Array {
  const writer = new ResponseWriter(fields.reduce((size, field) => size + field.size, 0));
  for (const field of fields) field.write(writer);
  return writer.bytes;
}
