'use strict';
// The floor's access log: the same pino-format JSON line Sightline's access logger writes
// (level, time, pid, hostname, service, request ids, method, route, path, status, bytes,
// duration_ms, remote_address, user_agent, msg), assembled from pre-serialized constant
// parts in one concatenation, appended to a file fd by one fs.write at a time: lines that
// arrive while a write is in flight go out together in the next one (as the SDK's LineWriter).
// Node's own modules only.

const { close, openSync, write } = require('node:fs');
const { hostname } = require('node:os');

/** As LineWriter's default bound: past it (a stalled disk) new lines are dropped. */
const MAX_PENDING = 16 * 1024 * 1024;
/** pino's asString: short strings are scanned by hand, longer ones tested with one regex. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON must escape.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `.001` … `.999` without trailing zeros, '' for none: a duration's thousandths as JavaScript prints them (the SDK's table). */
const THOUSANDTHS = Array.from({ length: 1000 }, (_, i) => (i === 0 ? '' : `.${String(i).padStart(3, '0').replace(/0+$/, '')}`));

/** `Math.round(ms * 1000) / 1000` as JavaScript prints it, from an integer and the table, as the SDK writes it. */
function milliseconds(ms) {
  const thousandths = Math.round(ms * 1000);
  if (!(thousandths >= 0 && thousandths < 1e15)) return `${thousandths / 1000}`;
  const fraction = thousandths % 1000;
  return `${(thousandths - fraction) / 1000}${THOUSANDTHS[fraction]}`;
}

function jsonString(value) {
  if (value.length < 42) {
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      if (unit < 32 || unit === 34 || unit === 92 || (unit >= 0xd800 && unit <= 0xdfff)) return JSON.stringify(value);
    }
    return `"${value}"`;
  }
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

class BatchedFileWriter {
  /**
   * `holdMs` 0: a line goes out at once when no write is in flight (LineWriter's design). Above 0
   * (diagnostic): lines wait until 4 KiB are pending or `holdMs` passed, as sonic-boom's
   * minLength does, so a write carries many lines; lines can then sit in memory that long.
   */
  constructor(path, holdMs = 0) {
    this.holdMs = holdMs;
    this.timer = undefined;
    this.flushNow = () => {
      this.timer = undefined;
      if (!this.writing && this.pending.length > 0) this.start();
    };
    this.fd = openSync(path, 'a');
    this.pending = '';
    this.writing = false;
    this.buffer = undefined;
    this.written = 0;
    this.dropped = 0;
    this.idle = [];
    this.afterWrite = (error, bytes) => this.onWritten(error, bytes);
  }

  write(line) {
    if (this.pending.length + line.length > MAX_PENDING) {
      this.dropped++;
      return;
    }
    this.pending += line;
    if (this.writing) return;
    if (this.holdMs === 0 || this.pending.length >= 4096) this.start();
    else if (this.timer === undefined) this.timer = setTimeout(this.flushNow, this.holdMs).unref();
  }

  start() {
    this.writing = true;
    this.buffer = Buffer.from(this.pending);
    this.pending = '';
    this.written = 0;
    write(this.fd, this.buffer, 0, this.buffer.length, null, this.afterWrite);
  }

  onWritten(error, bytes) {
    if (error === null) {
      this.written += bytes;
      if (this.written < this.buffer.length) {
        write(this.fd, this.buffer, this.written, this.buffer.length - this.written, null, this.afterWrite);
        return;
      }
    }
    this.writing = false;
    this.buffer = undefined;
    if (this.pending.length > 0) this.start();
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  async close() {
    clearTimeout(this.timer);
    this.flushNow();
    if (this.writing) await new Promise((resolve) => this.idle.push(resolve));
    await new Promise((resolve) => close(this.fd, resolve));
  }
}

/**
 * One access line per finished request. `serviceName` and the process fields are serialized
 * once; `slowRequestMs` as the SDK's default (1000 ms) picks warn over info.
 */
class AccessLog {
  /** `target`: a file path, or a sink with `write(line)` (the in-process bench's byte counter). */
  constructor(target, serviceName, holdMs = 0, slowRequestMs = 1000) {
    this.writer =
      typeof target === 'string' ? new BatchedFileWriter(target, holdMs) : { write: (line) => target.write(line), close: async () => {} };
    this.slowRequestMs = slowRequestMs;
    // pino's order: level, time, then the base bindings, then the line's own fields.
    this.bindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"service":${JSON.stringify(serviceName)}`;
  }

  /** `state` is the floor's response; `route` its route record (JSON of the template pre-serialized). */
  line(state, route, status, durationMs) {
    const level = status >= 500 ? 50 : durationMs >= this.slowRequestMs ? 40 : 30;
    const req = state.req;
    let line = `{"level":${level},"time":${Date.now()}${this.bindings},"request_id":"${state.requestId}"`;
    if (state.traceId !== '') line += `,"trace_id":"${state.traceId}","span_id":"${state.spanId}"`;
    line += `,"method":${route === undefined || state.method !== req.method ? jsonString(req.method) : route.methodJson},"route":${route === undefined ? '"unmatched"' : route.templateJson}`;
    line += `,"path":${jsonString(state.path)},"status":${status},"bytes":${state.bodyBytes},"duration_ms":${milliseconds(durationMs)}`;
    const address = req.socket.remoteAddress;
    if (address !== undefined) line += `,"remote_address":${jsonString(address)}`;
    const userAgent = req.headers['user-agent'];
    if (userAgent !== undefined) line += `,"user_agent":${jsonString(userAgent)}`;
    if (!state.writableFinished) line += ',"aborted":true';
    if (state.requestIdRejected !== undefined) line += `,"request_id_rejected":${jsonString(state.requestIdRejected)}`;
    line += level === 40 ? ',"msg":"slow request"}\n' : ',"msg":"request completed"}\n';
    this.writer.write(line);
  }

  close() {
    return this.writer.close();
  }
}

module.exports = { AccessLog, jsonString };
