import { afterEach, describe, expect, it } from 'vitest';
import { createObserver } from './create-observer.js';
import type { Observer } from './observer-api.js';

let observer: Observer | undefined;
afterEach(async () => {
  await observer?.shutdown();
  observer = undefined;
});

describe("the observer's own failure counters", () => {
  it('expose a series at 0 for every drop reason and internal-error component right after createObserver', async () => {
    observer = createObserver({
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
      trace: { exporter: 'none' },
    });

    const { body } = await observer.metrics.render('text/plain');

    for (const reason of ['queue-full', 'export-failed', 'encode-failed']) {
      expect(body).toContain(`sightline_spans_dropped_total{reason="${reason}"} 0`);
    }
    for (const component of [
      'http',
      'db',
      'health',
      'metrics',
      'log',
      'log-write',
      'log-export',
      'trace-export',
      'errors',
      'debug-server',
    ]) {
      expect(body).toContain(`sightline_internal_errors_total{component="${component}"} 0`);
    }
  });

  it('counts up from the zero series when a failure is reported', async () => {
    observer = createObserver({ env: {}, registerGlobal: false, log: { level: 'silent' }, metrics: { defaultMetrics: false } });

    observer.reportInternalError('db', new Error('pool exhausted'));
    const { body } = await observer.metrics.render('text/plain');

    expect(body).toContain('sightline_internal_errors_total{component="db"} 1');
    expect(body).toContain('sightline_internal_errors_total{component="http"} 0');
  });
});
