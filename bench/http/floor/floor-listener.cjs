'use strict';
// The floor's request listener (server-floor.cjs says what it does and what it leaves out), as a
// factory, so the HTTP bench's server child and the in-process bench (request-path.ts) run the
// same code. Node's own modules only.

const { AsyncLocalStorage } = require('node:async_hooks');
const { randomFillSync, randomUUID } = require('node:crypto');
const http = require('node:http');
const { AccessLog } = require('./access-log.cjs');
const { RouteMetrics, gauges } = require('./red-metrics.cjs');
const { SpanExport, spanParts } = require('./span-export.cjs');
const { blockCode } = require('../other-code.cjs');

/** Sampling ratio per variant; undefined: tracing off. As the Sightline variants of the same name. */
const RATIOS = { 'floor-logs-metrics': undefined, 'floor-full-0': 0, 'floor-full-10': 0.1, 'floor-full-100': 1 };
const ROUTES = ['/users/:id'];
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Trace and span ids: hex slices of a 64 KiB pool of random bytes, refilled when used up (the
// SDK's pool size: a refill's cost is mostly fixed, see pooled-id-generator.ts).
// The span encoder copies a sampled span's ids from the pool while no refill has overwritten them
// (`ids.fills`), as the SDK's encoder writes the words its id generator kept.
const POOL_BYTES = 65_536;
const pool = Buffer.allocUnsafe(POOL_BYTES);
const ids = { pool, fills: 0 };
let poolOffset = POOL_BYTES;
function takeId(bytes) {
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    ids.fills++;
    poolOffset = 0;
  }
  poolOffset += bytes;
  return poolOffset - bytes;
}

/** The request's state lives on its response: one object per request, its shape fixed at construction. */
class FloorResponse extends http.ServerResponse {
  constructor(req, options) {
    super(req, options);
    this.startedAt = 0;
    this.startUnixMs = 0;
    this.method = '';
    this.path = '';
    this.requestId = '';
    this.requestIdRejected = undefined;
    this.traceId = '';
    this.spanId = '';
    this.parentSpanId = '';
    /** Where the ids' bytes are in the pool (-1: the trace id is a caller's), and the refill they came from. */
    this.traceAt = -1;
    this.spanAt = -1;
    this.idFill = 0;
    this.sampled = false;
    this.bodyBytes = 0;
    this.tracked = false;
  }

  // Body bytes as the app hands them over (no Content-Length needed); end(chunk) writes without write().
  write(chunk, encoding, callback) {
    if (!this.writableEnded) this.bodyBytes += chunkBytes(chunk, encoding);
    return super.write(chunk, encoding, callback);
  }

  end(chunk, encoding, callback) {
    if (!this.writableEnded && typeof chunk !== 'function') this.bodyBytes += chunkBytes(chunk, encoding);
    return super.end(chunk, encoding, callback);
  }

  // The request id joins the head as it is built, as the SDK does it (a setHeader() before a
  // writeHead() with a headers object would make Node copy that object header by header).
  writeHead(statusCode, reason, headers) {
    const object = typeof reason === 'string' ? headers : reason;
    if (this.headersSent || this.hasHeader('x-request-id')) return super.writeHead(statusCode, reason, headers);
    if (object !== null && typeof object === 'object' && !Array.isArray(object)) {
      const withId = { 'x-request-id': this.requestId, ...object };
      return typeof reason === 'string' ? super.writeHead(statusCode, reason, withId) : super.writeHead(statusCode, withId);
    }
    this.setHeader('x-request-id', this.requestId);
    return super.writeHead(statusCode, reason, headers);
  }
}

/** Fresh request ids as the SDK makes them: a version-8 UUID, a random prefix per process and a 48-bit counter. */
const ID_PREFIX = (() => {
  const random = randomUUID();
  return `${random.slice(0, 14)}8${random.slice(15, 24)}`;
})();
let idCounter = 0;
/** As the SDK formats the counter: its low 16 bits from a byte table, its high digits once per 65,536 ids. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
let idHead = '';
let idHeadOf = -1;
function freshRequestId() {
  const high = Math.floor(++idCounter / 65_536);
  if (high !== idHeadOf) {
    idHeadOf = high;
    idHead = `${ID_PREFIX}${high.toString(16).padStart(8, '0')}`;
  }
  const low = idCounter & 0xffff;
  return idHead + HEX_BYTES[low >> 8] + HEX_BYTES[low & 0xff];
}

function chunkBytes(chunk, encoding) {
  if (typeof chunk === 'string') return chunk.length === 0 ? 0 : Buffer.byteLength(chunk, typeof encoding === 'string' ? encoding : 'utf8');
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

/** A floor variant's diagnostic suffix (see createFloor). */
const DIAGNOSTIC_SUFFIX = /-(noctx|perline|code\d+|same\d+)$/;

/** The floor mode a variant measures (`floor-logs-metrics`, `floor-full-100`, ...): its name without a diagnostic suffix. */
function floorMode(variant) {
  return variant.replace(DIAGNOSTIC_SUFFIX, '');
}

/**
 * One floor variant (`floor-logs-metrics`, `floor-full-0|10|100`, optionally `-noctx` or `-perline`):
 * `listener(req, res)` for a server made with `{ ServerResponse: FloorResponse }`, `close()` to
 * flush its access log and spans. `log`: a file path, or a sink with `write(line)`; `handler`:
 * the app's request handler. Throws for an unknown variant.
 */
function createFloor(variant, log, otlpUrl, handler) {
  // `-noctx`: diagnostic, the same bytes without the AsyncLocalStorage.run() (no request context for
  // the app's own code): on Node 20 ALS runs on async_hooks, a cost every async resource pays.
  // `-perline`: diagnostic, a log line written at once whenever no write is in flight (about one write a
  // request at a steady load) instead of LineWriter's 10 ms batches.
  // `-codeN` / `-sameN`: diagnostic, the floor plus N blocks of integer arithmetic a request (other-code.cjs'
  // blockCode): N distinct blocks (N times the machine code) or one block run N times (the same instructions).
  // Over a socket the difference is what more code a request costs when the same work runs from more lines.
  const suffix = DIAGNOSTIC_SUFFIX.exec(variant)?.[1];
  const mode = floorMode(variant);
  const extra = /^(code|same)(\d+)$/.exec(suffix ?? '');
  const extraCode = extra === null ? undefined : blockCode(Number(extra[2]), extra[1] === 'code');
  const withContext = suffix !== 'noctx';
  if (!(mode in RATIOS)) {
    throw new Error(
      `unknown variant "${variant}"; expected one of ${Object.keys(RATIOS).join(', ')}, optionally with -noctx, -perline, -codeN or -sameN`,
    );
  }
  const ratio = RATIOS[mode];
  const tracing = ratio !== undefined;
  /** TraceIdRatioBasedSampler's bound on the XOR of the trace id's four 32-bit words. */
  const UPPER_BOUND = Math.floor((ratio ?? 0) * 0xffffffff);

  const storage = new AsyncLocalStorage();
  const accessLog = new AccessLog(log, 'bench', suffix === 'perline' ? 0 : undefined);
  const spans = tracing
    ? new SpanExport(
        otlpUrl,
        [
          ['service.name', 'bench'],
          ['deployment.environment.name', 'production'],
          ['telemetry.sdk.language', 'nodejs'],
          ['telemetry.sdk.name', 'opentelemetry'],
          ['telemetry.sdk.version', '2.12.1'],
        ],
        '@sightline/sdk',
        ids,
      )
    : undefined;

  /** A route template, compiled once; each (method, template) gets a record on its first request. */
  const templates = ROUTES.map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/:[^/]+/g, '[^/]+')}$`),
    byMethod: new Map(),
  }));
  const unmatched = { template: undefined, pattern: undefined, byMethod: new Map() };

  function routeRecord(owner, method) {
    let record = owner.byMethod.get(method);
    if (record === undefined) {
      record = {
        methodJson: JSON.stringify(method),
        templateJson: JSON.stringify(owner.template ?? 'unmatched'),
        metrics: new RouteMetrics(),
        span: spanParts(method, owner.template),
      };
      owner.byMethod.set(method, record);
    }
    return record;
  }

  function templateOf(path) {
    for (let i = 0; i < templates.length; i++) if (templates[i].pattern.test(path)) return templates[i];
    return unmatched;
  }

  /** ParentBased(TraceIdRatio): a valid incoming traceparent decides; else the trace id's words, as OpenTelemetry's sampler reads them. */
  function startTrace(res, traceparent) {
    const parent = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
    const spanAt = takeId(8);
    const spanFill = ids.fills;
    res.spanId = pool.toString('hex', spanAt, spanAt + 8);
    res.spanAt = spanAt;
    res.traceAt = -1;
    if (parent !== null && parent[1] !== '00000000000000000000000000000000' && parent[2] !== '0000000000000000') {
      res.traceId = parent[1];
      res.parentSpanId = parent[2];
      res.sampled = (Number.parseInt(parent[3], 16) & 1) === 1;
    } else {
      const at = takeId(16);
      // A refill for the trace id overwrote the span id's bytes: the encoder reads the hex then.
      if (ids.fills === spanFill) res.traceAt = at;
      res.idFill = ids.fills;
      res.traceId = pool.toString('hex', at, at + 16);
      const words = (pool.readUInt32BE(at) ^ pool.readUInt32BE(at + 4) ^ pool.readUInt32BE(at + 8) ^ pool.readUInt32BE(at + 12)) >>> 0;
      res.sampled = ratio >= 1 || (ratio > 0 && words < UPPER_BOUND);
    }
    if (res.sampled) res.startUnixMs = Date.now();
  }

  /** Tracing off: no span, but a caller's trace still reaches the access line (its ids, as Sightline writes them). */
  function continueTrace(res, traceparent) {
    const parent = TRACEPARENT.exec(traceparent);
    if (parent === null || parent[1] === '00000000000000000000000000000000' || parent[2] === '0000000000000000') return;
    res.traceId = parent[1];
    res.spanId = parent[2];
  }

  function onClose() {
    if (!this.tracked) return;
    this.tracked = false;
    const durationMs = performance.now() - this.startedAt;
    const status = this.statusCode;
    const owner = templateOf(this.path);
    const route = routeRecord(owner, this.method);
    if (this.sampled) spans.add(this, route.span, status, this.startedAt + durationMs);

    gauges.activeRequests--;
    const series = route.metrics.status(status);
    const seconds = durationMs / 1000;
    if (this.sampled) series.duration.observeWithExemplar(seconds, this.traceId, this.spanId);
    else series.duration.observe(seconds);
    series.responseSize.observe(this.method === 'HEAD' || status === 204 || status === 304 ? 0 : this.bodyBytes);
    const requestBytes = this.req.headers['content-length'];
    if (requestBytes !== undefined && requestBytes !== '') route.metrics.requestSize.observe(Number(requestBytes));
    route.metrics.transactions.record(durationMs, status, this.startedAt + durationMs);

    accessLog.line(this, owner.template === undefined ? undefined : route, status, durationMs);
  }

  function listener(req, res) {
    const url = req.url;
    const query = url.indexOf('?');
    res.path = query === -1 ? url : url.slice(0, query);
    res.startedAt = performance.now();
    res.method = KNOWN_METHODS.has(req.method) ? req.method : '_OTHER';
    const incoming = req.headers['x-request-id'];
    if (typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming)) res.requestId = incoming;
    else {
      res.requestId = freshRequestId();
      if (incoming !== undefined)
        res.requestIdRejected = String(incoming)
          .slice(0, 128)
          .replace(/[^\x20-\x7e]/g, '?');
    }
    if (tracing) startTrace(res, req.headers.traceparent);
    else if (req.headers.traceparent !== undefined) continueTrace(res, req.headers.traceparent);
    if (extraCode !== undefined) extraCode();
    res.tracked = true;
    gauges.activeRequests++;
    res.on('close', onClose);
    if (withContext) storage.run(res, handler, req, res);
    else handler(req, res);
  }

  return {
    listener,
    async close() {
      await spans?.shutdown();
      await accessLog.close();
    },
  };
}

module.exports = { createFloor, floorMode, FloorResponse, takeId, idPool: pool, ids };
