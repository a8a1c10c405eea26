import { describe, expect, it } from 'vitest';
import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import { DEFAULT_DECODE_LIMITS } from '../limits.js';
import { ProtobufReader } from './reader.js';

const reader = (...bytes: number[]) => new ProtobufReader(new Uint8Array(bytes), DEFAULT_DECODE_LIMITS);

describe('ProtobufReader varints', () => {
  it('reads uint32 values of one to five bytes', () => {
    expect(reader(0x00).uint32()).toBe(0);
    expect(reader(0x7f).uint32()).toBe(127);
    expect(reader(0xac, 0x02).uint32()).toBe(300);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).uint32()).toBe(0xffff_ffff);
  });

  it('reads a negative int32, which protobuf sign-extends to ten bytes', () => {
    const minusOne = reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(minusOne.int32()).toBe(-1);
    expect(minusOne.more()).toBe(false);
  });

  it('reads zigzag sint32', () => {
    expect(reader(0x00).sint32()).toBe(0);
    expect(reader(0x01).sint32()).toBe(-1);
    expect(reader(0x02).sint32()).toBe(1);
    expect(reader(0x05).sint32()).toBe(-3);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).sint32()).toBe(-(2 ** 31));
  });

  it('reads uint64 and int64 past 2^53 exactly', () => {
    const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect(reader(...max).uint64()).toBe(2n ** 64n - 1n);
    expect(reader(...max).int64()).toBe(-1n);
    expect(reader(0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10).uint64()).toBe(2n ** 53n + 1n);
  });

  it('reads an AnyValue int64 as a number while it is safe, as a bigint past 2^53', () => {
    expect(reader(0xac, 0x02).int64Value()).toBe(300);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).int64Value()).toBe(2 ** 49 - 1);
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).int64Value()).toBe(2 ** 49);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).int64Value()).toBe(-1);
    expect(reader(0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10).int64Value()).toBe(2n ** 53n + 1n);
    expect(() => reader(0x80, 0x80).int64Value()).toThrow(/runs past the end/);
  });

  it('reads fixed64, sfixed64, fixed32 and double little-endian', () => {
    expect(reader(0x15, 0xcd, 0x5b, 0x07, 0x00, 0x00, 0x00, 0x00).fixed64()).toBe(123_456_789n);
    expect(reader(0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff).sfixed64()).toBe(-5n);
    expect(reader(0x01, 0x03, 0x00, 0x00).fixed32()).toBe(0x301);
    expect(reader(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f).double()).toBe(1.5);
  });

  it('throws truncated for a varint or fixed value cut short', () => {
    for (const read of [
      () => reader(0x80).uint32(),
      () => reader(0x80, 0x80).uint64(),
      () => reader(1, 2, 3).fixed32(),
      () => reader(1).double(),
    ]) {
      expect(read).toThrow(OtlpDecodeError);
      try {
        read();
      } catch (error) {
        expect((error as OtlpDecodeError).code).toBe(CODES.truncated);
      }
    }
  });
});

describe('ProtobufReader messages', () => {
  it('refuses a length or tag past 32 bits instead of keeping its low bits', () => {
    // 2^32 + 5: its low 32 bits would read as a length of 5.
    const wrapped = reader(0x85, 0x80, 0x80, 0x80, 0x10, 0x61, 0x62, 0x63, 0x64, 0x65);
    expect(() => wrapped.length()).toThrow(expect.objectContaining({ code: CODES.malformed }));
    expect(() => reader(0x88, 0x80, 0x80, 0x80, 0x80, 0x01).tag()).toThrow(expect.objectContaining({ code: CODES.malformed }));
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).tag()).toBe(0xffff_ffff);
  });

  it('does not let a length inside a message reach past the message', () => {
    // An outer message of 2 bytes whose inner field claims 5.
    const outer = reader(0x02, 0x0a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65);
    const end = outer.enter();
    outer.tag();
    expect(() => outer.string()).toThrow(/runs past the end of its message/);
    outer.leave(end);
  });

  it('returns to the outer message after leaving an inner one', () => {
    const outer = reader(0x01, 0x08, 0x0a, 0x01, 0x7a);
    const end = outer.enter();
    expect(outer.tag()).toBe(0x08);
    outer.leave(end);
    expect(outer.tag()).toBe(0x0a);
    expect(outer.string()).toBe('z');
    expect(outer.more()).toBe(false);
  });
});
