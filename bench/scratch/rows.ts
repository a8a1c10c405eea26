import { DuckDBInstance } from '@duckdb/node-api';
import { decodeTraceRequest } from '@sightline/otlp';
import type { SpanRow } from '@sightline/console/store';
import { appendSpan, migrate } from '@sightline/console/store/testing';
import { spanRowsOf } from '../../packages/console/src/server/store/otlp-rows.js';
import { traceTemplate, VaryingBody } from '../console/otlp-bodies.js';

const template = await traceTemplate();
const varying = new VaryingBody(template, 0xfff00000);
const bodies = Array.from({ length: 32 }, () => { varying.next(); return new Uint8Array(varying.body); });
function fixedRowsOf(decoded: ReturnType<typeof decodeTraceRequest>): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const rs of decoded.resourceSpans) {
    const name = rs.resource.attributes['service.name'];
    const serviceName = typeof name === 'string' && name !== '' ? name : 'unknown_service';
    const resourceAttributes = rs.resource.attributes as any;
    for (const ss of rs.scopeSpans) {
      const scopeName = ss.scope.name === '' ? undefined : ss.scope.name;
      const scopeVersion = ss.scope.version === '' ? undefined : ss.scope.version;
      for (const span of ss.spans) {
        rows.push({
          traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId,
          traceState: span.traceState === '' ? undefined : span.traceState,
          name: span.name, kind: span.kind as any, startTimeUnixNano: span.startTimeUnixNano, endTimeUnixNano: span.endTimeUnixNano,
          statusCode: span.status.code as any, statusMessage: span.status.message === '' ? undefined : span.status.message,
          serviceName, resourceAttributes, scopeName, scopeVersion,
          attributes: span.attributes as any,
          events: span.events.length === 0 ? undefined : span.events.map((e) => ({ timeUnixNano: e.timeUnixNano, name: e.name, attributes: e.attributes as any })),
          links: span.links.length === 0 ? undefined : span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, traceState: l.traceState === '' ? undefined : l.traceState, attributes: l.attributes as any })),
        } as SpanRow);
      }
    }
  }
  return rows;
}
const instance = await DuckDBInstance.create(':memory:');
const c = await instance.connect();
await migrate(c, 'memory', Date.now());
const app = await c.createAppender('spans');
function run(kind: 'cur' | 'fixed', n: number) {
  let decodeNs = 0, mapNs = 0, appendNs = 0, rows = 0;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const d = decodeTraceRequest(bodies[i % bodies.length]!, 'protobuf');
    const t1 = process.hrtime.bigint();
    const r = kind === 'cur' ? spanRowsOf(d) : fixedRowsOf(d);
    const t2 = process.hrtime.bigint();
    for (const row of r) appendSpan(app, row);
    app.flushSync();
    const t3 = process.hrtime.bigint();
    decodeNs += Number(t1 - t0); mapNs += Number(t2 - t1); appendNs += Number(t3 - t2); rows += r.length;
  }
  return `${kind}: decode ${(decodeNs / rows / 1000).toFixed(2)} map ${(mapNs / rows / 1000).toFixed(2)} append ${(appendNs / rows / 1000).toFixed(2)} us/row`;
}
for (let r = 0; r < 6; r++) { console.log(run(r % 2 ? 'fixed' : 'cur', 300), ' | ', run(r % 2 ? 'cur' : 'fixed', 300)); }
