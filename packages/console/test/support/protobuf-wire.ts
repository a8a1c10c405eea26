/**
 * Builds OTLP protobuf bodies field by field for the console's receiver tests, the malformed
 * ones too (wrong wire types, cut bodies, bad UTF-8) that no real encoder would write.
 */
const utf8 = new TextEncoder();

function varintBytes(value: bigint): number[] {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value);
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const key = (field: number, wireType: number) => varintBytes(BigInt(field * 8 + wireType));

export const varint = (field: number, value: number | bigint) => concat(key(field, 0), varintBytes(BigInt(value)));
export const fixed64 = (field: number, value: bigint) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return concat(key(field, 1), out);
};
export const double = (field: number, value: number) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value, true);
  return concat(key(field, 1), out);
};
export const bytes = (field: number, value: Uint8Array | number[]) => concat(key(field, 2), varintBytes(BigInt(value.length)), value);
export const string = (field: number, value: string) => bytes(field, utf8.encode(value));
export const message = (field: number, ...fields: Uint8Array[]) => bytes(field, concat(...fields));
export const hex = (field: number, value: string) => bytes(field, Buffer.from(value, 'hex'));
/** A KeyValue with a string value (attributes of spans, resources, log records, points). */
export const stringAttribute = (field: number, name: string, value: string) =>
  message(field, string(1, name), message(2, string(1, value)));
