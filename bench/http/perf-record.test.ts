import { describe, expect, it } from 'vitest';
import { areasOfReport, PERF_FREQUENCY, perfArea, perfNodeFlags } from './perf-record.js';

describe('perfArea', () => {
  it.each([
    ['[kernel.kallsyms]', '[k] finish_task_switch.isra.0', 'kernel'],
    ['[JIT] tid 30292', '[.] JS:*#finish file:///w/packages/sdk/dist/http/request-pass.js:239:12', 'js: @sightline/sdk'],
    ['[JIT] tid 1', '[.] JS:*hexBytes file:///w/packages/otlp/dist/protobuf/writer.js:235:13', 'js: @sightline/otlp'],
    ['[JIT] tid 1', '[.] JS:*add /w/bench/http/floor/span-export.cjs:153:6', 'js: the floor'],
    ['[JIT] tid 1', '[.] JS:*handler /w/bench/http/handler.cjs:10:17', 'js: bench (handler, child protocol)'],
    ['[JIT] tid 1', '[.] JS:^write file:///w/node_modules/pino/lib/proto.js:1:1', 'js: npm packages'],
    ['[JIT] tid 1', '[.] JS:*nextTick node:internal/process/task_queues:103:18', 'js: node internals'],
    ['node', '[.] Builtins_KeyedLoadIC_Megamorphic', 'v8: megamorphic property access'],
    ['node', '[.] Builtins_StringAdd_CheckNone', 'v8: builtins'],
    ['node', '[.] v8::internal::compiler::GraphReducer::ReduceTop()', 'v8: optimizing compiler'],
    ['node', '[.] v8::internal::Scavenger::ScavengePage(v8::internal::MemoryChunk*)', 'v8: garbage collection'],
    ['node', '[.] v8::internal::String::WriteToFlat<unsigned char>', 'v8: runtime'],
    ['node', '[.] llhttp__internal_execute', 'node: C++ (http parser, streams, bindings)'],
    ['node', '[.] uv__io_poll', 'libuv'],
    ['libc.so.6', '[.] __GI___writev', 'libc and other native'],
  ])('%s %s is %s', (dso, symbol, area) => {
    expect(perfArea(dso, symbol)).toBe(area);
  });
});

describe('areasOfReport', () => {
  it('sums sample counts by area as us per request, dsos with spaces included', () => {
    const report = [
      '# Samples: 4K of event cpu-clock',
      '#',
      '    11.12%           545  [kernel.kallsyms]    [k] finish_task_switch.isra.0',
      '     3.98%           195  [kernel.kallsyms]    [k] _raw_spin_unlock_irqrestore',
      '     0.84%            41  [JIT] tid 30292      [.] JS:*#finish file:///w/packages/sdk/dist/http/request-pass.js:239:12',
      '     1.65%            81  node                 [.] llhttp__internal_execute',
      '',
    ].join('\n');
    const requests = 1000;
    const perSample = 1e6 / PERF_FREQUENCY / requests;
    const areas = areasOfReport(report, requests);
    expect([...areas.keys()].sort()).toEqual(['js: @sightline/sdk', 'kernel', 'node: C++ (http parser, streams, bindings)']);
    expect(areas.get('kernel')).toBeCloseTo((545 + 195) * perSample, 10);
    expect(areas.get('js: @sightline/sdk')).toBeCloseTo(41 * perSample, 10);
    expect(areas.get('node: C++ (http parser, streams, bindings)')).toBeCloseTo(81 * perSample, 10);
  });
});

describe('perfNodeFlags', () => {
  it('names the JIT code and keeps the V8 log it opens inside the given directory', () => {
    const flags = perfNodeFlags('/tmp/bench-work');
    expect(flags).toContain('--perf-basic-prof');
    expect(flags).toContain('--no-logfile-per-isolate');
    expect(flags.filter((flag) => flag.startsWith('--logfile='))).toEqual(['--logfile=/tmp/bench-work/v8-%p.log']);
  });
});
