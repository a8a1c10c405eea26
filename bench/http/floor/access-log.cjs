'use strict';
// The floor's access log: the same pino-format JSON line Sightline's access logger writes
// (level, time, pid, hostname, service, request ids, method, route, path, status, bytes,
// duration_ms, remote_address, user_agent, msg), assembled from pre-serialized constant
// parts in one concatenation, appended to a file fd by one fs.write at a time, batched as the
// SDK's LineWriter batches: a line after a quiet spell goes out at once, then writes start at most
// once per 10 ms (or when 64 KiB wait), and lines arriving meanwhile go out together.
// Node's own modules only.

const { close, openSync, write } = require('node:fs');
const { hostname } = require('node:os');

/** As LineWriter's default bound: past it (a stalled disk) new lines are dropped. */
const MAX_PENDING = 16 * 1024 * 1024;
/** As LineWriter's: the least time between two writes' starts, and the pending length that starts one at once. */
const BATCH_INTERVAL_MS = 10;
const FULL_BATCH_LENGTH = 64 * 1024;
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
   * `intervalMs` 10: LineWriter's batching (see the file's comment). 0 (diagnostic `-perline`): a line
   * goes out at once whenever no write is in flight, about one write per request at a steady load.
   */
  constructor(path, intervalMs = BATCH_INTERVAL_MS) {
    this.intervalMs = intervalMs;
    this.nextAt = Number.NEGATIVE_INFINITY;
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
    if (this.timer === undefined) this.schedule();
    else if (this.pending.length >= FULL_BATCH_LENGTH) {
      clearTimeout(this.timer);
      this.flushNow();
    }
  }

  schedule() {
    const wait = this.nextAt - performance.now();
    if (wait <= 0 || this.pending.length >= FULL_BATCH_LENGTH) this.start();
    else this.timer = setTimeout(this.flushNow, wait).unref();
  }

  start() {
    if (this.intervalMs > 0) this.nextAt = performance.now() + this.intervalMs;
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
    if (this.pending.length > 0) this.schedule();
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  async close() {
    clearTimeout(this.timer);
    this.intervalMs = 0;
    this.nextAt = Number.NEGATIVE_INFINITY;
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
  constructor(target, serviceName, intervalMs = BATCH_INTERVAL_MS, slowRequestMs = 1000) {
    this.writer =
      typeof target === 'string'
        ? new BatchedFileWriter(target, intervalMs)
        : { write: (line) => target.write(line), close: async () => {} };
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
