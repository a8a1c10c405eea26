import { Session } from 'node:inspector/promises';
import type { SamplingHeapProfile } from './heap-pprof.js';

/**
 * 512 KiB between samples on average, Go's runtime.MemProfileRate: V8's default (32 KiB)
 * samples 16x as often, which costs measurable time in allocation-heavy services.
 */
export const HEAP_SAMPLING_INTERVAL_BYTES = 512 * 1024;

export interface HeapCapture {
  readonly profile: SamplingHeapProfile;
  readonly samplingIntervalBytes: number;
  /** When sampling began (Date.now()); what the profile holds was allocated since then and is still live. */
  readonly samplingSinceMs: number;
  /** True when this request started sampling: the profile then holds almost nothing yet. */
  readonly startedNow: boolean;
  readonly capturedAtMs: number;
}

/**
 * V8's sampling heap profiler, started lazily by the first heap request and kept running
 * until the debug server closes, so two captures taken apart can be diffed by allocation site.
 */
export class HeapSampler {
  #session: Promise<Session> | undefined;
  #sinceMs = 0;

  get sampling(): boolean {
    return this.#session !== undefined;
  }

  async capture(): Promise<HeapCapture> {
    const startedNow = this.#session === undefined;
    this.#session ??= this.#start();
    let session: Session;
    try {
      session = await this.#session;
    } catch (error) {
      this.#session = undefined;
      throw error;
    }
    const { profile } = await session.post('HeapProfiler.getSamplingProfile');
    return {
      profile: profile as unknown as SamplingHeapProfile,
      samplingIntervalBytes: HEAP_SAMPLING_INTERVAL_BYTES,
      samplingSinceMs: this.#sinceMs,
      startedNow,
      capturedAtMs: Date.now(),
    };
  }

  async #start(): Promise<Session> {
    const session = new Session();
    session.connect();
    try {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', { samplingInterval: HEAP_SAMPLING_INTERVAL_BYTES });
    } catch (error) {
      session.disconnect();
      throw error;
    }
    this.#sinceMs = Date.now();
    return session;
  }

  /** Stops sampling (disconnecting disables the heap profiler agent) and frees the samples. */
  async stop(): Promise<void> {
    const pending = this.#session;
    this.#session = undefined;
    if (pending === undefined) return;
    const session = await pending.catch(() => undefined);
    session?.disconnect();
  }
}
