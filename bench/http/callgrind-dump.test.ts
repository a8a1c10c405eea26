import { describe, expect, it } from 'vitest';
import { readDumpCounts } from './callgrind-dump.js';

const COMPILER_LIKE = /compiler::/;

describe('readDumpCounts', () => {
  it("sums the matching functions' own costs, not a call's inclusive cost", () => {
    const dump = [
      'events: Ir',
      'fn=(1) v8::internal::compiler::Pipeline',
      '10 40',
      'cfn=(2) memcpy',
      'calls=1 0',
      '11 1000',
      '+1 2',
      'fn=(2)',
      '5 7',
      'fn=(3) v8::internal::compiler::Scheduler',
      '* 3',
      'summary: 1052',
    ].join('\n');
    expect(readDumpCounts(dump, COMPILER_LIKE)).toEqual({ total: 1052, matching: 45 });
  });

  it('reads the costs after the instruction and line columns of a dump made with --dump-instr=yes', () => {
    const dump = [
      'positions: instr line',
      'events: Ir',
      'fn=(1) v8::internal::compiler::Pipeline',
      '0x1000 10 40',
      '0x1004 10 2',
      'fn=(2) Builtins_StringAdd',
      '0x2000 0 9',
      'totals: 51',
    ].join('\n');
    expect(readDumpCounts(dump, COMPILER_LIKE)).toEqual({ total: 51, matching: 42 });
  });
});
