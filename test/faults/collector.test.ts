import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorMode, type FaultyCollector, startFaultyCollector } from './support/collector.js';
import { failures, type LoadOptions, ms, percentile, runLoad, type Sample, summarize } from './support/load.js';
import { pollUntil, scrape } from './support/metrics.js';
import { comparePairedRounds, median } from './support/paired-rounds.js';
import { mebibytes, type Service, startService } from './support/service.js';

/**
 * The payments example (Fastify) serves a fixed-rate load while its OTLP collector is down,
 * answers 503 or hangs. Latency is compared with a healthy collector in interleaved rounds
 * (healthy, fault, fault, healthy, ...), so drift of a shared machine falls on both sides, and
 * judged pair by pair with a signed-rank test (support/paired-rounds.ts).
 */
const RATE = 200;
/** Pairs of rounds: with 10, a fault worse in every pair gets p = 1/1024. */
const ROUNDS = 10;
const ROUND_MS = 2000;
const WARM_MS = 400;
/** Short enough that a failing export gives up (and counts its spans dropped) within a round. */
const EXPORT_TIMEOUT_MS = 2000;
const ALLOWED_P99_INCREASE = 0.05;
/** One false alarm in a hundred runs per fault when the fault costs exactly +5 %; fewer when less. */
const SIGNIFICANCE = 0.01;
/** The export queue is bounded (2048 spans, a few MiB encoded); anything past this is a leak. */
const RSS_GROWTH_LIMIT = 64 * 1024 * 1024;

let directory: string;
let collector: FaultyCollector;
let payments: Service;

function load(durationMs: number, ratePerSecond = RATE): Promise<Sample[]> {
  const options: LoadOptions = {
    url: payments.url,
    method: 'POST',
    path: '/charges',
    body: { order_id: 1, amount_cents: 1250, currency: 'USD' },
    ratePerSecond,
    durationMs,
  };
  return runLoad(options);
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'sightline-faults-collector-'));
  collector = await startFaultyCollector();
  payments = await startService(
    'examples/payments/src/main.ts',
    {
      PORT: '0',
      PAYMENTS_FAILURE_RATE: '0',
      PAYMENTS_ERROR_RATE: '0',
      PAYMENTS_SLOW_RATE: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS),
    },
    join(directory, 'payments.log'),
  );
  // JIT warm-up, and proof the healthy path exports at all. 400 requests left the first rounds
  // of the first fault still settling (p99 4-12 ms, then ~1-2 ms from the fifth round on).
  const warm = await load(5000, 2 * RATE);
  await collector.waitForServerSpans(
    warm.map((sample) => sample.traceId),
    10_000,
  );
});

afterAll(async () => {
  await payments?.destroy();
  await collector?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const FAULTS: readonly CollectorMode[] = ['down', 'unavailable', 'hanging'];

describe('the payments example with a failing OTLP collector', () => {
  it.each(FAULTS)(
    'keeps serving while the collector is %s: no failed request, p99 not shown to exceed healthy by more than 5 percent, bounded RSS, drops counted, export resumes',
    async (fault) => {
      const droppedBefore = (await scrape(payments.url, 'sightline_spans_dropped_total')).total;
      const samples: Record<'healthy' | 'fault', Sample[][]> = { healthy: [], fault: [] };
      const rss: Record<'healthy' | 'fault', number[]> = { healthy: [payments.rssBytes()], fault: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? (['healthy', 'fault'] as const) : (['fault', 'healthy'] as const);
        for (const condition of order) {
          await collector.setMode(condition === 'healthy' ? 'healthy' : fault);
          await load(WARM_MS);
          samples[condition].push(await load(ROUND_MS));
          rss[condition].push(payments.rssBytes());
        }
      }

      // The collector comes back: requests made from now on reach it.
      await collector.setMode('healthy');
      const marked = await load(500, 50);
      await collector.waitForServerSpans(
        marked.map((sample) => sample.traceId),
        4 * EXPORT_TIMEOUT_MS + 5000,
      );
      const dropped = await pollUntil(
        async () => {
          const now = (await scrape(payments.url, 'sightline_spans_dropped_total')).total;
          return now > droppedBefore ? now - droppedBefore : undefined;
        },
        'sightline_spans_dropped_total to count the spans the collector never took',
        4 * EXPORT_TIMEOUT_MS,
      );

      const healthy = summarize(samples.healthy.flat());
      const faulty = summarize(samples.fault.flat());
      // p99 per round, compared pair by pair (see paired-rounds.ts): the fault fails the test when
      // the pairs show, beyond their own spread, that it raises the p99 by more than 5 %.
      const roundP99 = (rounds: Sample[][]) =>
        rounds.map((round) =>
          percentile(
            round.map((sample) => sample.latencyMs),
            99,
          ),
        );
      const healthyRounds = roundP99(samples.healthy);
      const faultRounds = roundP99(samples.fault);
      const verdict = comparePairedRounds(healthyRounds, faultRounds, ALLOWED_P99_INCREASE, SIGNIFICANCE);
      const peakRss = { healthy: Math.max(...rss.healthy), fault: Math.max(...rss.fault) };
      console.log(
        `collector ${fault}: ${faulty.requests} requests at ${RATE}/s, ${faulty.failed} failed; ` +
          `p99 ${ms(median(faultRounds))} vs healthy ${ms(median(healthyRounds))} (medians of ${ROUNDS} rounds), ` +
          `paired ratio ${verdict.medianRatio.toFixed(3)} (median), signed-rank p = ${verdict.pValue.toFixed(4)} ` +
          `against "at most +${ALLOWED_P99_INCREASE * 100} %" (fails below ${SIGNIFICANCE}); ` +
          `rounds ${faultRounds.map(ms).join('/')} vs ${healthyRounds.map(ms).join('/')}; ` +
          `pooled p99 ${ms(faulty.p99)} vs ${ms(healthy.p99)}, p50 ${ms(faulty.p50)} vs ${ms(healthy.p50)}; ` +
          `peak RSS ${mebibytes(peakRss.fault)} vs healthy ${mebibytes(peakRss.healthy)}; ` +
          `${dropped} spans dropped; exports seen while ${fault}: ${collector.requests[fault]}; export resumed (${marked.length} traces arrived)`,
      );

      expect(failures(samples.fault.flat())).toEqual({});
      expect(failures(samples.healthy.flat())).toEqual({});
      expect(verdict.worse).toBe(false);
      expect(peakRss.fault - peakRss.healthy).toBeLessThan(RSS_GROWTH_LIMIT);
      expect(dropped).toBeGreaterThan(0);
    },
  );
});
