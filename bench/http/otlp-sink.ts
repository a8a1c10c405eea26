import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface SinkCounts {
  requests: number;
  bytes: number;
  spans: number;
}

export interface OtlpSink {
  /** The OTLP/HTTP traces URL to give exporters. */
  readonly url: string;
  /** Counts since the last take(), which resets them. */
  take(): SinkCounts;
  close(): Promise<void>;
}

/** Calls `visit` for each field of the protobuf message in buf[start, end). */
function forEachField(buf: Buffer, start: number, end: number, visit: (field: number, from: number, to: number) => void): void {
  let at = start;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = buf[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  while (at < end) {
    const tag = varint();
    const wire = tag & 7;
    const field = Math.floor(tag / 8);
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      visit(field, at, at + length);
      at += length;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

/**
 * Spans in an ExportTraceServiceRequest (opentelemetry-proto trace/v1): resource_spans = 1,
 * then scope_spans = 2, then spans = 2. Walking the wire format is enough to count them.
 */
export function countSpans(body: Buffer): number {
  let spans = 0;
  forEachField(body, 0, body.length, (field, from, to) => {
    if (field !== 1) return;
    forEachField(body, from, to, (field, from, to) => {
      if (field !== 2) return;
      forEachField(body, from, to, (field) => {
        if (field === 2) spans++;
      });
    });
  });
  return spans;
}

/**
 * A local OTLP/HTTP endpoint that reads and discards trace exports and answers 200, counting
 * what arrived so the benchmark can show spans really left the process under test.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  let counts: SinkCounts = { requests: 0, bytes: 0, spans: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const wire = Buffer.concat(chunks);
      counts.requests++;
      counts.bytes += wire.length;
      try {
        counts.spans += countSpans(req.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire);
      } catch {
        // Not a trace export we can read: still counted as a request and bytes.
      }
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    take() {
      const taken = counts;
      counts = { requests: 0, bytes: 0, spans: 0 };
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
