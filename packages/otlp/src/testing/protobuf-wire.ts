/**
 * A tiny protobuf writer for tests: builds OTLP payloads field by field, including the
 * malformed ones (wrong wire types, truncations, bad UTF-8) no real encoder would produce.
 */

const utf8 = new TextEncoder();

function varintBytes(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return bytes;
}

export const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const key = (field: number, wireType: number) => varintBytes(BigInt(field * 8 + wireType));

export const varint = (field: number, value: number | bigint) => concat(key(field, 0), varintBytes(BigInt(value)));
export const sint32 = (field: number, value: number) => varint(field, (value << 1) ^ (value >> 31));
export const fixed64 = (field: number, value: bigint) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return concat(key(field, 1), bytes);
};
export const double = (field: number, value: number) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return concat(key(field, 1), bytes);
};
export const fixed32 = (field: number, value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return concat(key(field, 5), bytes);
};
export const bytes = (field: number, value: Uint8Array | number[]) => concat(key(field, 2), varintBytes(BigInt(value.length)), value);
export const string = (field: number, value: string) => bytes(field, utf8.encode(value));
export const message = (field: number, ...fields: Uint8Array[]) => bytes(field, concat(...fields));
export const hex = (field: number, value: string) => bytes(field, Buffer.from(value, 'hex'));
/** A packed repeated fixed64 / double / varint field. */
export const packedFixed64 = (field: number, values: bigint[]) =>
  bytes(field, concat(...values.map((value) => fixed64(1, value).subarray(1))));
export const packedDouble = (field: number, values: number[]) =>
  bytes(field, concat(...values.map((value) => double(1, value).subarray(1))));
export const packedVarint = (field: number, values: number[]) => bytes(field, concat(...values.map((value) => varintBytes(BigInt(value)))));
/** A KeyValue with a string value, as attributes are written. */
export const stringAttribute = (field: number, name: string, value: string) =>
  message(field, string(1, name), message(2, string(1, value)));
