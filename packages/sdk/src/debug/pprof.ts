/**
 * `@sightline/sdk/debug`: the tools the debug server's profile endpoints are built from, for
 * code that captures V8 profiles itself (node:inspector's Profiler and HeapProfiler domains)
 * and wants the gzip pprof that `go tool pprof`, speedscope and pprof.me read.
 */
export { type CpuPprofOptions, cpuProfileToPprof } from './cpu-pprof.js';
export { type HeapPprofOptions, heapProfileToPprof, type SamplingHeapProfile, type SamplingHeapProfileNode } from './heap-pprof.js';
export { HEAP_SAMPLING_INTERVAL_BYTES } from './heap-profile.js';
export { type CallFrame, encodePprof } from './pprof-builder.js';
