import { describe, expect, it } from 'vitest';
import { areasOfReport, PERF_FREQUENCY, perfArea } from './perf-record.js';

describe('perfArea', () => {
  it('sorts symbols into the kernel, JavaScript by package, V8 and node', () => {
    expect(perfArea('[kernel.kallsyms]', '[k] finish_task_switch.isra.0')).toBe('kernel');
    expect(perfArea('[JIT] tid 30292', '[.] JS:*#finish file:///w/packages/sdk/dist/http/request-pass.js:239:12')).toBe(
      'js: @sightline/sdk',
    );
    expect(perfArea('[JIT] tid 1', '[.] JS:*hexBytes file:///w/packages/otlp/dist/protobuf/writer.js:235:13')).toBe('js: @sightline/otlp');
    expect(perfArea('[JIT] tid 1', '[.] JS:*add /w/bench/http/floor/span-export.cjs:153:6')).toBe('js: the floor');
    expect(perfArea('[JIT] tid 1', '[.] JS:*handler /w/bench/http/handler.cjs:10:17')).toBe('js: bench (handler, child protocol)');
    expect(perfArea('[JIT] tid 1', '[.] JS:^write file:///w/node_modules/pino/lib/proto.js:1:1')).toBe('js: npm packages');
    expect(perfArea('[JIT] tid 1', '[.] JS:*nextTick node:internal/process/task_queues:103:18')).toBe('js: node internals');
    expect(perfArea('node', '[.] Builtins_KeyedLoadIC_Megamorphic')).toBe('v8: megamorphic property access');
    expect(perfArea('node', '[.] Builtins_StringAdd_CheckNone')).toBe('v8: builtins');
    expect(perfArea('node', '[.] v8::internal::compiler::GraphReducer::ReduceTop()')).toBe('v8: optimizing compiler');
    expect(perfArea('node', '[.] v8::internal::Scavenger::ScavengePage(v8::internal::MemoryChunk*)')).toBe('v8: garbage collection');
    expect(perfArea('node', '[.] v8::internal::String::WriteToFlat<unsigned char>')).toBe('v8: runtime');
    expect(perfArea('node', '[.] llhttp__internal_execute')).toBe('node: C++ (http parser, streams, bindings)');
    expect(perfArea('node', '[.] uv__io_poll')).toBe('libuv');
    expect(perfArea('libc.so.6', '[.] __GI___writev')).toBe('libc and other native');
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
