import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@sightline/console/store';

const store = await openStore({ path: join(mkdtempSync(join(tmpdir(), 'sightline-')), 'console.duckdb'), retention: '7d', maxSize: '2GB' });

const now = BigInt(Date.now()) * 1_000_000n;
// Resolves once the span is committed (durable): only then does the receiver answer 2xx.
await store.appendSpans([
  {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    name: 'GET /orders/:id',
    kind: 2,
    startTimeUnixNano: now,
    endTimeUnixNano: now + 42_000_000n,
    statusCode: 0,
    serviceName: 'orders-api',
    attributes: { 'http.route': '/orders/:id', 'http.response.status_code': 200 },
  },
]);

const [trace] = await store.searchTraces({ service: 'orders-api', since: now - 60_000_000_000n });
console.log(trace?.traceId, trace?.rootName, `${Number(trace?.durationNano) / 1e6} ms`);
console.log((await store.stats()).rows.spans, 'span(s) stored');
await store.close();
