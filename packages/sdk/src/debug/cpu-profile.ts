import type { Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { CaptureAbortedError, DebugHttpError } from './http-error.js';

/** 1 ms, pprof's and Chrome's usual rate: fine enough for hot paths, cheap enough for production. */
export const CPU_SAMPLING_INTERVAL_MICROS = 1000;

export interface CpuCapture {
  readonly profile: Profiler.Profile;
  /** Wall-clock start (Date.now()); the profile's own timestamps are monotonic microseconds. */
  readonly startedAtMs: number;
  readonly samplingIntervalMicros: number;
}

/**
 * Captures one CPU profile at a time through an in-process inspector session (no port is
 * opened). The session exists only while a capture runs: idle, the profiler costs nothing.
 */
export class CpuProfiler {
  #busy = false;

  get busy(): boolean {
    return this.#busy;
  }

  /** Profiles for `seconds`; a second call while one runs gets a 409, an abort discards the capture. */
  async capture(seconds: number, signal: AbortSignal): Promise<CpuCapture> {
    if (this.#busy) throw new DebugHttpError(409, 'a CPU profile is already being captured; retry when it finishes');
    this.#busy = true;
    const session = new Session();
    try {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: CPU_SAMPLING_INTERVAL_MICROS });
      const startedAtMs = Date.now();
      await session.post('Profiler.start');
      await delay(seconds * 1000, undefined, { signal, ref: false }).catch(() => {
        throw new CaptureAbortedError(String(signal.reason ?? 'aborted'));
      });
      const { profile } = await session.post('Profiler.stop');
      return { profile, startedAtMs, samplingIntervalMicros: CPU_SAMPLING_INTERVAL_MICROS };
    } finally {
      // Disconnecting disables the session's profiler agent, which also stops an aborted capture.
      session.disconnect();
      this.#busy = false;
    }
  }
}
