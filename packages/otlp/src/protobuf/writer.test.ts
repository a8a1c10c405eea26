import { describe, expect, it } from 'vitest';
import type { HrTime } from './writer.js';
import { ProtobufWriter, tag, varintSize, WIRE_FIXED32, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './writer.js';

const bytesOf = (write: (writer: ProtobufWriter) => void, initialSize = 16): string => {
  const writer = new ProtobufWriter(initialSize);
  write(writer);
  return writer.view().toString('hex');
};

const nanosOf = (time: HrTime): bigint => {
  const writer = new ProtobufWriter();
  writer.hrTime(time);
  return writer.view().readBigUInt64LE(0);
};

describe('ProtobufWriter', () => {
  it('writes varints as the protobuf encoding guide shows them', () => {
    expect(bytesOf((writer) => writer.uint32(1))).toBe('01');
    expect(bytesOf((writer) => writer.uint32(150))).toBe('9601');
    expect(bytesOf((writer) => writer.uint32(0xffff_ffff))).toBe('ffffffff0f');
    expect(bytesOf((writer) => writer.uint32(tag(1, WIRE_VARINT)))).toBe('08');
    expect(bytesOf((writer) => writer.uint32(tag(16, WIRE_FIXED32)))).toBe('8501');
  });

  it('writes negative int64 values as ten-byte two’s complement varints', () => {
    expect(bytesOf((writer) => writer.int64(-1))).toBe('ffffffffffffffffff01');
    expect(bytesOf((writer) => writer.int64(-2))).toBe('feffffffffffffffff01');
    expect(bytesOf((writer) => writer.int64(-(2 ** 63)))).toBe('80808080808080808001');
  });

  it('writes int64 values past 32 bits exactly, up to the largest integral double below 2^63', () => {
    const decode = (hex: string): bigint => {
      let value = 0n;
      const bytes = Buffer.from(hex, 'hex');
      for (let i = bytes.length - 1; i >= 0; i--) value = (value << 7n) | BigInt((bytes[i] as number) & 0x7f);
      return BigInt.asIntN(64, value);
    };
    for (const value of [2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, 2 ** 62, 2 ** 63 - 1024, -(2 ** 32) - 1, Number.MIN_SAFE_INTEGER]) {
      expect(decode(bytesOf((writer) => writer.int64(value)))).toBe(BigInt(value));
    }
  });

  it('writes HrTime as exact unix nanoseconds without BigInt, for today, the far future and the epoch', () => {
    const times: HrTime[] = [
      [0, 0],
      [0, 999_999_999],
      [1_767_225_600, 123_456_789],
      [2 ** 31, 1],
      [4_102_444_800, 999_999_999],
      [18_446_744_073, 709_551_615],
    ];
    for (const time of times) expect(nanosOf(time)).toBe(BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]));
  });

  it('writes fixed32, fixed64 and doubles little-endian', () => {
    expect(bytesOf((writer) => writer.fixed32(0x301))).toBe('01030000');
    expect(bytesOf((writer) => writer.fixed64(1, 2))).toBe('0100000002000000');
    expect(bytesOf((writer) => writer.double(1.5))).toBe('000000000000f83f');
  });

  it('writes strings as UTF-8 with their byte length, short and long, ASCII and not', () => {
    expect(bytesOf((writer) => writer.string('testing'))).toBe('0774657374696e67');
    expect(bytesOf((writer) => writer.string(''))).toBe('00');
    expect(bytesOf((writer) => writer.string('é€😀'))).toBe(`09${Buffer.from('é€😀').toString('hex')}`);
    const long = 'ü'.repeat(100);
    expect(bytesOf((writer) => writer.string(long))).toBe(`c801${Buffer.from(long).toString('hex')}`);
  });

  it('writes hex ids as raw bytes, and zeros for characters that are not hex', () => {
    expect(bytesOf((writer) => writer.hexBytes('0af7651916cd43dd'))).toBe('080af7651916cd43dd');
    expect(bytesOf((writer) => writer.hexBytes('0aZZ'))).toBe('020a00');
  });

  it('backfills submessage lengths, moving the body when the length needs more than one byte', () => {
    const short = bytesOf((writer) => {
      writer.uint32(tag(1, WIRE_LENGTH_DELIMITED));
      const start = writer.beginMessage();
      writer.string('abc');
      writer.endMessage(start);
    });
    expect(short).toBe('0a0403616263');

    const body = 'x'.repeat(300);
    const long = bytesOf((writer) => {
      const outer = writer.beginMessage();
      const inner = writer.beginMessage();
      writer.raw(Buffer.from(body));
      writer.endMessage(inner);
      writer.endMessage(outer);
    }, 8);
    // inner: 2-byte length 300 (ac 02) + 300 bytes; outer: 302 (ae 02).
    expect(long).toBe(`ae02ac02${Buffer.from(body).toString('hex')}`);
  });

  it('grows past its initial size and keeps what it wrote', () => {
    const writer = new ProtobufWriter(1);
    for (let i = 0; i < 1000; i++) writer.uint32(i);
    const expected = new ProtobufWriter(4096);
    for (let i = 0; i < 1000; i++) expected.uint32(i);
    expect(writer.view().equals(expected.view())).toBe(true);
  });

  it('reuses its buffer after reset', () => {
    const writer = new ProtobufWriter(64);
    writer.string('first');
    const buffer = writer.buffer;
    writer.reset();
    writer.string('second');
    expect(writer.buffer).toBe(buffer);
    expect(writer.view().toString('hex')).toBe(`06${Buffer.from('second').toString('hex')}`);
  });

  it('knows how many bytes a varint takes', () => {
    expect([0, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28, 2 ** 32 - 1].map(varintSize)).toEqual([1, 1, 2, 2, 3, 4, 5, 5]);
  });
});
