import { decodeTraceRequest, decodeLogsRequest } from '@sightline/otlp';
import { logRowsOf, spanRowsOf } from '../../packages/console/src/server/store/otlp-rows.js';
import { logTemplate, traceTemplate, VaryingBody } from '../console/otlp-bodies.js';
const sig = process.argv[2] ?? 'traces';
const template = sig === 'traces' ? await traceTemplate() : await logTemplate();
const varying = new VaryingBody(template, 0xfff00000);
const bodies = Array.from({ length: 32 }, () => { varying.next(); return new Uint8Array(varying.body); });
let rows = 0; const t0 = performance.now();
for (let i = 0; i < 3000; i++) {
  const b = bodies[i % 32]!;
  rows += sig === 'traces' ? spanRowsOf(decodeTraceRequest(b, 'protobuf')).length : logRowsOf(decodeLogsRequest(b, 'protobuf')).length;
}
console.log(sig, ((performance.now() - t0) * 1000 / rows).toFixed(2), 'us/row', 'body bytes', bodies[0]!.length);
