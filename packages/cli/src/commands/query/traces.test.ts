import { describe, expect, it } from 'vitest';
import { formatTraces } from './traces.js';

const trace = {
  traceId: 'a'.repeat(32),
  startTimeUnixNano: '1767225600000000000',
  durationMs: 12.5,
  spanCount: 4,
  errorCount: 0,
};

describe('sightline traces table', () => {
  it('names the root service and span, and for a trace whose root has not arrived the services that have', () => {
    const text = formatTraces([
      {
        ...trace,
        rootService: 'orders-api',
        rootName: 'POST /orders',
        rootStatusCode: 201,
        services: [{ service: 'orders-api', spans: 4 }],
      },
      {
        ...trace,
        traceId: 'b'.repeat(32),
        rootService: null,
        rootName: null,
        services: [
          { service: 'orders-api', spans: 3 },
          { service: 'payments', spans: 1 },
        ],
      },
      { ...trace, traceId: 'c'.repeat(32), rootService: null, rootName: null },
    ]);
    const [header, first, second, third] = text.trimEnd().split('\n');
    expect(header).toMatch(/ERRORS\s+STATUS\s+SERVICE\s+ROOT SPAN$/i);
    expect(first).toMatch(/\s0\s+201\s+orders-api\s+POST \/orders$/);
    // No root yet, so no status.
    expect(second).toMatch(/\s0\s+-\s+\(orders-api, payments\)\s+\(root span not received\)$/);
    // A console that does not send the services yet.
    expect(third).toMatch(/\?\s+\(root span not received\)$/);
  });
});
