'use strict';
// Server child for the floor variants: what Sightline's request pass produces, hand-written with
// nothing but Node's own modules, as the least any implementation of the same output can cost.
// Per request: a request id (the incoming x-request-id when valid, else a UUID as the SDK makes
// it) sent in the response head; for tracing, W3C traceparent extraction, ids from a pooled
// crypto.randomFillSync buffer and ParentBased(TraceIdRatio) sampling on them; one
// AsyncLocalStorage.run() so the app's code sees the request (its ids for its own log lines); the
// response body bytes counted; at close the RED metrics and APM statistics (floor/red-metrics.cjs),
// the same access line bytes (floor/access-log.cjs) and, when sampled, the same server span as OTLP
// protobuf (floor/span-export.cjs). What it leaves out, because the same output does not need it: option
// handling, listeners, error capture (nothing throws here), redaction walks (the access line has
// no secret keys), the OpenTelemetry API objects (Span, Context) that user code and third-party
// instrumentations talk to.
// The listener itself is floor/floor-listener.cjs (request-path.ts runs it in process too).
// Usage: node server-floor.cjs <variant> <log file> <otlp traces url>

const http = require('node:http');
const { createFloor, FloorResponse } = require('./floor/floor-listener.cjs');
const { handler } = require('./handler.cjs');
const { serve } = require('./child-protocol.cjs');

const [variant, logFile, otlpUrl] = process.argv.slice(2);
let floor;
try {
  floor = createFloor(variant, logFile, otlpUrl, handler);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
serve(http.createServer({ ServerResponse: FloorResponse }, floor.listener), floor.close);
