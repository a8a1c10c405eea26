import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole } from '@sightline/console';

// Ports 0 pick free ones; the defaults are 4318 (OTLP/HTTP) and 18888 (UI and /api).
const running = await startConsole({ db: join(mkdtempSync(join(tmpdir(), 'sightline-')), 'console.duckdb'), port: 0, otlpPort: 0 });
const span = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  name: 'GET /orders/:id',
  kind: 2,
  startTimeUnixNano: '1764633600000000000',
  endTimeUnixNano: '1764633600042000000',
};
const body = {
  resourceSpans: [
    { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders-api' } }] }, scopeSpans: [{ spans: [span] }] },
  ],
};
// What any OpenTelemetry exporter does with OTEL_EXPORTER_OTLP_ENDPOINT=running.otlpUrl:
const sent = await fetch(`${running.otlpUrl}/v1/traces`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const trace = (await (await fetch(`${running.url}/api/traces/${span.traceId}`)).json()) as {
  spans: { service: string; durationMs: number }[];
};
console.log(sent.status, trace.spans[0]?.service, `${trace.spans[0]?.durationMs} ms`);
await running.close(); // stops intake, commits what was received, closes the store
