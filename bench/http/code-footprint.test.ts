import { describe, expect, it } from 'vitest';
import { codeAreaOf, hotCodeLines, parsePerfMap } from './code-footprint.js';

const MAP = parsePerfMap(
  [
    '1000 100 JS:*begin file:///w/packages/sdk/dist/http/request-pass.js:120:10',
    '2000 40 JS:^span file:///w/packages/otlp/dist/encode/span-encoder.js:63:9',
    '3000 40 JS:*parserOnIncoming node:_http_server:1026:26',
    '4000 40 Builtin:KeyedLoadIC_Megamorphic',
    'not a map line',
    '5000 40 JS:*line /w/bench/http/floor/access-log.cjs:137:7',
    '6000 40 JS:*handler /w/bench/http/handler.cjs:10:17',
  ].join('\n'),
);

describe('hotCodeLines', () => {
  it('counts the 64-byte lines whose most run instruction reached the runs asked, by area and own function', () => {
    // 100 requests: a line is hot at 90 runs or more.
    const dump = [
      'version: 1',
      'positions: instr line',
      'events: Ir',
      'fn=(1) begin',
      '0x1000 10 100', // line 0x40 of begin: hot
      '+4 10 100',
      '+60 11 30', // 0x1040, begin's second line: 30 runs...
      '+8 11 95', // ...and 95 at 0x1048: hot (a line's most run instruction counts)
      '+56 12 89', // 0x1080: 89 runs, not hot
      'calls=100 0x7000',
      '0x10c0 13 900000', // a call site's inclusive cost: runs nothing; moves the position
      '+4 13 20', // 0x10c4: 20 runs, so begin's fourth line is not hot
      'fn=(2) span',
      '0x2000 1 100', // otlp
      'fn=(3)',
      '0x3000 1 100', // Node's own JavaScript
      '* 1 100', // the same position
      '0x4000 1 100', // a builtin named by the map
      '0x5000 1 100', // the floor
      '0x6000 1 100', // other JavaScript (the bench's handler)
      '0x9000 1 100', // no map entry: native code
      '0x9040 1 500',
      '0x9080 1 89',
    ].join('\n');
    const footprint = hotCodeLines(dump, MAP, 90);
    expect(footprint.lines).toEqual({ sdk: 2, otlp: 1, floor: 1, node: 1, otherJs: 1, v8Code: 1, native: 2 });
    expect([...footprint.ownFunctions]).toEqual([
      ['begin file:///w/packages/sdk/dist/http/request-pass.js:120:10', 2],
      ['span file:///w/packages/otlp/dist/encode/span-encoder.js:63:9', 1],
      ['line /w/bench/http/floor/access-log.cjs:137:7', 1],
    ]);
    // Every instruction's runs, hot or not; the call's inclusive 900,000 is the callee's, not begin's.
    expect(footprint.instructions).toEqual({ sdk: 434, otlp: 100, floor: 100, node: 200, otherJs: 100, v8Code: 100, native: 689 });
    expect(footprint.ownInstructions.get('begin file:///w/packages/sdk/dist/http/request-pass.js:120:10')).toBe(434);
  });

  it('reads dumps without a line column, and relative positions', () => {
    const dump = ['positions: instr', 'events: Ir', 'fn=(1)', '0x1000 100', '+64 100', '-32 5', '+96 90'].join('\n');
    // 0x1000 and 0x1040 hot; 0x1020 (line 0x40 again) 5 runs; 0x1080: 90.
    expect(hotCodeLines(dump, MAP, 90).lines.sdk).toBe(3);
  });
});

describe('codeAreaOf', () => {
  it('names unmapped code native and mapped code that is not JavaScript V8 code', () => {
    expect(codeAreaOf(undefined)).toBe('native');
    expect(codeAreaOf('RegExp: ^[a-z]+$')).toBe('v8Code');
    expect(codeAreaOf('JS:~ node:internal/streams/readable:262:23')).toBe('node');
  });
});
