import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { openStore, StoreOverloadedError } from '../../src/server/store/index.js';
import { generateSpans } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

describe('the main event loop during heavy appends', () => {
  it('stays responsive while 200k spans are appended: event-loop delay p95 under 100 ms, the loop mostly idle', async () => {
    const { dir, remove } = tempDir('eventloop');
    const store = await openStore({ path: `${dir}/console.duckdb` });
    try {
      // Batches are made as they are sent (as a receiver decodes them), so the test's own heap stays small.
      const startNs = BigInt(Date.now()) * 1_000_000n;
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
      const utilizationAtStart = performance.eventLoopUtilization();
      let next = 0;
      const lane = async () => {
        while (next < 400) {
          const index = next++;
          const batch = generateSpans(100, { startNs: startNs + BigInt(index) * 1_000_000n, seed: index + 1 });
          for (;;) {
            try {
              await store.appendSpans(batch);
              break;
            } catch (error) {
              if (!(error instanceof StoreOverloadedError)) throw error;
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, lane));
      histogram.disable();
      const utilization = performance.eventLoopUtilization(utilizationAtStart).utilization;
      const p95Ms = histogram.percentile(95) / 1e6;
      console.log(
        `event-loop delay while appending 200k spans: p95 ${p95Ms.toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, max ${(histogram.max / 1e6).toFixed(1)} ms; loop utilisation ${(utilization * 100).toFixed(0)} %`,
      );
      expect((await store.stats()).rows.spans).toBe(200_000);
      // Behaviour guards (the appender's synchronous flush and DuckDB's work must not run on this
      // thread), not perf figures. A percentile rather than the max: on the shared 2-core machine
      // (load ~15) an idle Node process already sees 40+ ms single stalls from descheduling alone,
      // and single stalls of 100-600 ms were seen here while the loop was 75 % idle.
      expect(p95Ms).toBeLessThan(100);
      expect(utilization).toBeLessThan(0.6);
    } finally {
      await store.close();
      remove();
    }
  });
});
