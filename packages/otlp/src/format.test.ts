import { describe, expect, it } from 'vitest';
import { otlpFormatOf } from './format.js';

describe('otlpFormatOf', () => {
  it.each([
    ['application/x-protobuf', 'protobuf'],
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['Application/JSON;charset=UTF-8', 'json'],
    [' application/x-protobuf ; foo=bar', 'protobuf'],
  ])('reads %s as %s', (header, format) => {
    expect(otlpFormatOf(header)).toBe(format);
  });

  it.each([undefined, '', 'text/plain', 'application/jsonl', 'application/protobuf', 'multipart/form-data'])(
    'reads %s as no OTLP format',
    (header) => {
      expect(otlpFormatOf(header)).toBeUndefined();
    },
  );
});
