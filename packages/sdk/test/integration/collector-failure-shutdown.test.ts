import { afterEach, describe, expect, it } from 'vitest';
import { createObserver } from '../../src/index.js';
import { type CollectorFault, type FailingCollector, startFailingCollector } from '../support/failing-collector.js';
import { type ChildService, type LogLine, startChildService } from './child-service.js';

/** Issue 10, defect 3: with the default 5 s budget, shutdown against a failing collector completes within this. */
const SHUTDOWN_BOUND_MS = 2000;

const REASONS: Record<CollectorFault, RegExp> = {
  refused: /ECONNREFUSED .*\(not retried during shutdown\)$/,
  hanging: /shutdown flush deadline/,
  unavailable: /^HTTP 503: collector overloaded \((no time left before|abandoned at) the \d+ ms shutdown flush deadline\)$/,
};

const collectors: FailingCollector[] = [];
let child: ChildService | undefined;
afterEach(async () => {
  await child?.stop();
  child = undefined;
  await Promise.all(collectors.splice(0).map((collector) => collector.close()));
});

async function collector(fault: CollectorFault): Promise<FailingCollector> {
  const started = await startFailingCollector(fault);
  collectors.push(started);
  return started;
}

const isShutdownReport = (line: LogLine) => String(line.msg).startsWith('telemetry not delivered at shutdown');

describe.each(['refused', 'hanging', 'unavailable'] as const)('observer.shutdown() with a %s collector', (fault) => {
  it('finishes within the bound, counts the spans and log records it could not send, and reports them in one warning line', async () => {
    const { url } = await collector(fault);
    const lines: LogLine[] = [];
    const observer = createObserver({
      serviceName: 'collector-down',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: url },
      registerGlobal: false,
      log: {
        otlp: { enabled: true },
        destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } }],
        sampling: false,
      },
      metrics: { defaultMetrics: false },
    });
    observer.span('checkout', () => observer.logger.info('order placed'));

    const started = performance.now();
    await observer.shutdown();
    const durationMs = performance.now() - started;
    console.log(`shutdown with a ${fault} collector took ${Math.round(durationMs)} ms`);

    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    const reports = lines.filter(isShutdownReport);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      level: 40,
      undelivered: {
        spans: { count: 1, endpoint: `${url}/v1/traces`, reason: expect.stringMatching(REASONS[fault]) },
        log_records: { count: 1, endpoint: `${url}/v1/logs`, reason: expect.stringMatching(REASONS[fault]) },
      },
    });
    expect(String(reports[0]?.msg)).toContain(`1 span(s) to ${url}/v1/traces`);
    const { body } = await observer.metrics.render('text/plain');
    expect(body).toContain('sightline_spans_dropped_total{reason="export-failed"} 1');
    expect(body).toContain('sightline_log_lines_dropped_total 1');
    expect(durationMs).toBeLessThan(SHUTDOWN_BOUND_MS);
  });
});

describe('SIGTERM to a served process whose collector fails', () => {
  it.each(['hanging', 'refused'] as const)(
    'exits 0 after draining although its %s collector took no telemetry, and says so in one warning line',
    async (fault) => {
      const { url } = await collector(fault);
      child = await startChildService('collector-down-service.ts', { OTEL_EXPORTER_OTLP_ENDPOINT: url, NODE_ENV: 'production' });
      const service = child;
      for (const id of ['r1', 'r2', 'r3']) {
        const response = await fetch(`${service.url}/work`, { headers: { 'x-request-id': id } });
        expect(await response.text()).toBe('ok');
      }

      expect(service.signal('SIGTERM')).toBe(true);
      const exit = await service.stop();

      expect(exit, service.output()).toEqual({ code: 0, signal: null });
      const logs = service.logs;
      expect(logs.some((line) => line.msg === 'requests drained; closing resources')).toBe(true);
      expect(logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
      const reports = logs.filter(isShutdownReport);
      expect(reports).toHaveLength(1);
      // 3 server spans and 3 work spans.
      expect(reports[0]).toMatchObject({
        undelivered: { spans: { count: 6, endpoint: `${url}/v1/traces`, reason: expect.stringMatching(REASONS[fault]) } },
      });
    },
  );
});
