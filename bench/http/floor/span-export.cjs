'use strict';
// The floor's server spans: encoded by hand as OTLP protobuf `Span` messages (the same fields,
// attributes and order Sightline's exporter writes) into a batch buffer when the request ends,
// 512 to a batch, and POSTed as an ExportTraceServiceRequest to the OTLP/HTTP endpoint off the
// request path (setImmediate for a full batch, every second for a partial one), two requests
// in flight at most, over keep-alive connections. Node's own modules only; field numbers from
// opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1).

const { Agent, request } = require('node:http');

const MAX_EXPORT_BATCH = 512;
const MAX_QUEUE = 2048;
const SCHEDULED_DELAY_MS = 1000;
const MAX_CONCURRENT_EXPORTS = 2;
const TWO_POW_16 = 2 ** 16;
const TWO_POW_32 = 2 ** 32;
const HEX = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

const varintSize = (value) => (value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5);

/** A growable protobuf byte writer: just what a span needs. */
class Writer {
  constructor(bytes) {
    this.buf = Buffer.allocUnsafe(bytes);
    this.pos = 0;
  }

  ensure(bytes) {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  varint(value) {
    while (value > 0x7f) {
      this.buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buf[this.pos++] = value;
  }

  raw(bytes) {
    this.ensure(bytes.length);
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  /** Length-delimited bytes copied from `source` (ids from the pool they were drawn from). */
  bytes(fieldTag, source, at, length) {
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = fieldTag;
    buf[pos++] = length;
    for (let i = 0; i < length; i++) buf[pos++] = source[at + i];
    this.pos = pos;
  }

  /** Length-delimited bytes from lowercase hex (ids). */
  hex(fieldTag, hex) {
    const length = hex.length >>> 1;
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = fieldTag;
    buf[pos++] = length;
    for (let i = 0; i < length; i++) buf[pos++] = (HEX[hex.charCodeAt(2 * i)] << 4) | HEX[hex.charCodeAt(2 * i + 1)];
    this.pos = pos;
  }

  fixed32(value) {
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  /** Unix nanoseconds in a fixed64 from epoch milliseconds with a fraction, exact without BigInt. */
  unixNanos(ms) {
    const whole = Math.floor(ms);
    const fraction = Math.round((ms - whole) * 1e6);
    const above = Math.floor(whole / TWO_POW_16) * 1e6;
    const low = (above % TWO_POW_16) * TWO_POW_16 + (whole % TWO_POW_16) * 1e6 + fraction;
    this.fixed32(low % TWO_POW_32);
    this.fixed32(Math.floor(above / TWO_POW_16) + Math.floor(low / TWO_POW_32));
  }

  /** A KeyValue attribute (Span field 9) with a string value; `key` is its pre-encoded `key` field. */
  stringAttribute(key, value) {
    let bytes = value.length;
    for (let i = 0; i < value.length; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        bytes = Buffer.byteLength(value);
        break;
      }
    }
    const any = 1 + varintSize(bytes) + bytes;
    const pair = key.length + 1 + varintSize(any) + any;
    this.ensure(1 + 5 + pair);
    this.buf[this.pos++] = 0x4a;
    this.varint(pair);
    key.copy(this.buf, this.pos);
    this.pos += key.length;
    this.buf[this.pos++] = 0x12;
    this.varint(any);
    this.buf[this.pos++] = 0x0a;
    this.varint(bytes);
    this.pos += this.buf.write(value, this.pos, bytes === value.length ? 'latin1' : 'utf8');
  }
}

const field = (fieldTag, bytes) => Buffer.concat([Buffer.from([fieldTag]), varintBytes(bytes.length), bytes]);
function varintBytes(value) {
  const writer = new Writer(8);
  writer.varint(value);
  return writer.buf.subarray(0, writer.pos);
}
const keyField = (key) => field(0x0a, Buffer.from(key));
/** A whole KeyValue attribute with a constant string value, tag included (`tag` 0x4a: Span.attributes; 0x0a: Resource.attributes). */
const constantAttribute = (key, value, tag = 0x4a) =>
  field(tag, Buffer.concat([keyField(key), field(0x12, field(0x0a, Buffer.from(value)))]));

const KEYS = {
  path: keyField('url.path'),
  clientAddress: keyField('client.address'),
  userAgent: keyField('user_agent.original'),
  protocolVersion: keyField('network.protocol.version'),
  statusCode: keyField('http.response.status_code'),
};
const SCHEME_HTTP = constantAttribute('url.scheme', 'http');
const PROTOCOL_11 = constantAttribute('network.protocol.version', '1.1');

/** The parts of a span that depend only on its (method, route): built on a route's first request. */
function spanParts(method, template) {
  return {
    name: field(0x2a, Buffer.from(template === undefined ? method : `${method} ${template}`)),
    method: constantAttribute('http.request.method', method),
    route: template === undefined ? Buffer.alloc(0) : constantAttribute('http.route', template),
  };
}

class SpanExport {
  /**
   * `resource`: [key, value] string attributes; `scopeName`: the instrumentation scope; `ids`: the
   * id pool and its refill count (floor-listener.cjs), whose bytes a span's ids are copied from.
   */
  constructor(url, resource, scopeName, ids) {
    this.url = url;
    this.ids = ids;
    this.agent = new Agent({ keepAlive: true, maxSockets: MAX_CONCURRENT_EXPORTS });
    this.resource = field(0x0a, Buffer.concat(resource.map(([key, value]) => constantAttribute(key, value, 0x0a))));
    this.scope = field(0x0a, field(0x0a, Buffer.from(scopeName)));
    this.current = new Writer(64 * 1024);
    this.count = 0;
    this.queued = 0;
    this.sealed = [];
    this.inFlight = 0;
    this.dropped = 0;
    this.dispatchScheduled = false;
    this.idle = [];
    this.dispatch = () => this.send();
    this.timer = setInterval(() => {
      this.seal();
      this.send();
    }, SCHEDULED_DELAY_MS).unref();
  }

  /** A finished sampled server span. `state` is the floor's response; `parts` from spanParts(). */
  add(state, parts, status, endPerformanceMs) {
    if (this.queued >= MAX_QUEUE) {
      this.dropped++;
      return;
    }
    const w = this.current;
    const req = state.req;
    w.ensure(128);
    w.buf[w.pos++] = 0x12; // ScopeSpans.spans
    const start = w.pos;
    w.pos += 2; // the length, reserved: a span is 128 bytes to 16 KiB
    const ids = this.ids;
    if (state.traceAt >= 0 && ids !== undefined && state.idFill === ids.fills) {
      w.bytes(0x0a, ids.pool, state.traceAt, 16);
      w.bytes(0x12, ids.pool, state.spanAt, 8);
    } else {
      w.hex(0x0a, state.traceId);
      w.hex(0x12, state.spanId);
    }
    if (state.parentSpanId !== '') w.hex(0x22, state.parentSpanId);
    w.raw(parts.name);
    w.ensure(2 + 18);
    w.buf[w.pos++] = 0x30; // kind: SERVER (API kind + 1)
    w.buf[w.pos++] = 2;
    w.buf[w.pos++] = 0x39;
    w.unixNanos(state.startUnixMs);
    w.buf[w.pos++] = 0x41;
    w.unixNanos(state.startUnixMs + (endPerformanceMs - state.startedAt));
    // The attributes in the order Sightline's server span holds them.
    w.raw(parts.method);
    w.stringAttribute(KEYS.path, state.path);
    w.raw(SCHEME_HTTP);
    if (req.httpVersion === '1.1') w.raw(PROTOCOL_11);
    else w.stringAttribute(KEYS.protocolVersion, req.httpVersion);
    w.stringAttribute(KEYS.clientAddress, req.socket.remoteAddress ?? '');
    w.stringAttribute(KEYS.userAgent, req.headers['user-agent'] ?? '');
    w.ensure(64);
    w.buf[w.pos++] = 0x4a;
    w.buf[w.pos++] = KEYS.statusCode.length + 3 + varintSize(status);
    w.raw(KEYS.statusCode);
    w.buf[w.pos++] = 0x12;
    w.buf[w.pos++] = 1 + varintSize(status);
    w.buf[w.pos++] = 0x18;
    w.varint(status);
    w.raw(parts.route);
    w.ensure(16);
    if (status >= 500) {
      w.raw(ERROR_TYPE_ATTRIBUTES[status] ?? constantAttribute('error.type', String(status)));
      w.buf[w.pos++] = 0x7a; // status: ERROR
      w.buf[w.pos++] = 2;
      w.buf[w.pos++] = 0x18;
      w.buf[w.pos++] = 2;
    } else if (!state.writableFinished) {
      w.raw(ABORTED);
    }
    w.buf[w.pos++] = 0x85; // flags: fixed32, W3C flags | has-is-remote (| is-remote)
    w.buf[w.pos++] = 0x01;
    w.fixed32(state.parentSpanId === '' ? 0x101 : 0x301);
    finishLength(w, start);
    this.queued++;
    if (++this.count < MAX_EXPORT_BATCH) return;
    this.seal();
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(this.dispatch);
  }

  seal() {
    if (this.count === 0) return;
    this.sealed.push({ spans: this.current.buf.subarray(0, this.current.pos), count: this.count });
    this.current = new Writer(64 * 1024);
    this.count = 0;
  }

  send() {
    this.dispatchScheduled = false;
    while (this.inFlight < MAX_CONCURRENT_EXPORTS && this.sealed.length > 0) {
      const batch = this.sealed.shift();
      this.queued -= batch.count;
      this.inFlight++;
      this.post(this.body(batch.spans), batch.count);
    }
    if (this.inFlight === 0 && this.sealed.length === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** ExportTraceServiceRequest { resource_spans: [{ resource, scope_spans: [{ scope, spans }] }] }. */
  body(spans) {
    const scopeSpans = this.scope.length + spans.length;
    const resourceSpans = this.resource.length + 1 + varintSize(scopeSpans) + scopeSpans;
    const w = new Writer(1 + varintSize(resourceSpans) + resourceSpans);
    w.buf[w.pos++] = 0x0a;
    w.varint(resourceSpans);
    w.raw(this.resource);
    w.buf[w.pos++] = 0x12;
    w.varint(scopeSpans);
    w.raw(this.scope);
    w.raw(spans);
    return w.buf;
  }

  post(body, count) {
    const done = (ok) => {
      if (!ok) this.dropped += count;
      this.inFlight--;
      this.send();
    };
    const headers = { 'content-type': 'application/x-protobuf', 'content-length': String(body.length) };
    const outgoing = request(this.url, { method: 'POST', agent: this.agent, headers, timeout: 10_000 }, (response) => {
      response.resume();
      response.on('end', () => done(response.statusCode === 200));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('export timed out')));
    outgoing.on('error', () => done(false));
    outgoing.end(body);
  }

  /** Sends what is pending and resolves when every export has answered. */
  async shutdown() {
    clearInterval(this.timer);
    this.seal();
    this.send();
    if (this.inFlight > 0 || this.sealed.length > 0) await new Promise((resolve) => this.idle.push(resolve));
    this.agent.destroy();
  }
}

const ERROR_TYPE_ATTRIBUTES = { 500: constantAttribute('error.type', '500') };
const ABORTED = constantAttribute('error.type', 'aborted');

/** Writes a span's length into the two bytes reserved before it (three when it passed 16 KiB). */
function finishLength(w, start) {
  const length = w.pos - start - 2;
  if (length >= 0x4000) {
    w.ensure(1);
    w.buf.copy(w.buf, start + 3, start + 2, w.pos);
    w.pos++;
    w.buf[start] = (length & 0x7f) | 0x80;
    w.buf[start + 1] = ((length >>> 7) & 0x7f) | 0x80;
    w.buf[start + 2] = length >>> 14;
    return;
  }
  w.buf[start] = (length & 0x7f) | 0x80;
  w.buf[start + 1] = length >>> 7;
}

module.exports = { SpanExport, spanParts };
