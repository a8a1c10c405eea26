import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { type Attributes, decodeTraceRequest, type InstrumentationScope, type Span } from '@sightline/otlp';

/** A span as received, with the attributes of the resource and the scope it was exported under. */
export interface ReceivedSpan extends Span {
  readonly resource: Attributes;
  readonly scope: InstrumentationScope;
}

/** How to answer one export request instead of accepting it. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (a slow collector). */
  readonly delayMs?: number;
}

export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** The OTLP/HTTP traces endpoint: `${url}/v1/traces`. */
  readonly tracesUrl: string;
  /** Every span received so far, in arrival order. */
  readonly spans: readonly ReceivedSpan[];
  /** Bodies rejected with 400, with the reason, for tests that check the exporter's output. */
  readonly rejected: readonly string[];
  /** POSTs that reached /v1/traces so far, counted on arrival, whatever they were answered. */
  readonly requestCount: number;
  /** The headers of each export request, in arrival order. */
  readonly requestHeaders: readonly IncomingHttpHeaders[];
  /** The most export requests that were being handled at the same time. */
  readonly peakConcurrency: number;
  /**
   * Answers the next export requests with these, in order (a number is a status), then accepts
   * again. A scripted 2xx stores the spans; any other status stores nothing.
   */
  script(answers: readonly (number | ScriptedAnswer)[]): void;
  /** Resolves with the spans once predicate(spans) holds; rejects after timeoutMs listing what arrived. */
  waitFor(predicate: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<readonly ReceivedSpan[]>;
  close(): Promise<void>;
}

interface Waiter {
  readonly predicate: (spans: readonly ReceivedSpan[]) => boolean;
  readonly resolve: (spans: readonly ReceivedSpan[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const PROTOBUF = 'application/x-protobuf';

function summarize(spans: readonly ReceivedSpan[]): string {
  if (spans.length === 0) return 'no spans';
  return spans.map((span) => `${String(span.resource['service.name'])}: ${span.name} (kind ${span.kind})`).join('; ');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/**
 * An in-test OTLP/HTTP trace receiver on 127.0.0.1 and an ephemeral port: accepts
 * POST /v1/traces (protobuf), decodes the request with @sightline/otlp (the console's decoder)
 * and stores the spans, and answers with an empty ExportTraceServiceResponse, which is zero
 * bytes on the wire. A request with any span the decoder rejects (bad ids) is refused whole.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const waiters = new Set<Waiter>();
  const scripted: ScriptedAnswer[] = [];
  const requestHeaders: IncomingHttpHeaders[] = [];
  let requestCount = 0;
  let concurrent = 0;
  let peakConcurrency = 0;

  const settle = () => {
    for (const waiter of waiters) {
      if (!waiter.predicate(spans)) continue;
      waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(spans);
    }
  };

  const reject = (res: ServerResponse, status: number, message: string) => {
    if (status === 400) rejected.push(message);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(`${message}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== '/v1/traces') return reject(res, 404, `no OTLP signal at ${req.url}`);
    if (req.method !== 'POST') return reject(res, 405, 'OTLP export uses POST');
    requestCount++;
    requestHeaders.push(req.headers);
    peakConcurrency = Math.max(peakConcurrency, ++concurrent);
    res.on('close', () => concurrent--);
    const answer = scripted.shift();
    if (answer?.delayMs) await delay(answer.delayMs);
    if (answer !== undefined && (answer.status < 200 || answer.status >= 300)) {
      await readBody(req);
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(`scripted ${answer.status}\n`);
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith(PROTOBUF)) return reject(res, 415, `content-type must be ${PROTOBUF}, got "${type}"`);
    let received: ReceivedSpan[];
    try {
      const request = decodeTraceRequest(await readBody(req), 'protobuf');
      if (request.rejected > 0) return reject(res, 400, `${request.rejected} spans rejected: ${request.errorMessage}`);
      received = request.resourceSpans.flatMap(({ resource, scopeSpans }) =>
        scopeSpans.flatMap(({ scope, spans: scoped }) => scoped.map((span) => ({ ...span, resource: resource.attributes, scope }))),
      );
    } catch (error) {
      return reject(res, 400, `bad ExportTraceServiceRequest: ${(error as Error).message}`);
    }
    spans.push(...received);
    res.writeHead(200, { 'content-type': PROTOBUF, 'content-length': 0 }).end();
    settle();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reject(res, 500, String(error)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    spans,
    rejected,
    requestHeaders,
    get requestCount() {
      return requestCount;
    },
    get peakConcurrency() {
      return peakConcurrency;
    },
    script(answers) {
      for (const answer of answers) scripted.push(typeof answer === 'number' ? { status: answer } : answer);
    },
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate(spans)) return Promise.resolve(spans);
      return new Promise((resolve, rejectWait) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          rejectWait(new Error(`OTLP receiver: condition not met within ${timeoutMs} ms; received ${summarize(spans)}`));
        }, timeoutMs);
        const waiter: Waiter = { predicate, resolve, reject: rejectWait, timer };
        waiters.add(waiter);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const waiter of waiters) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error('OTLP receiver closed'));
        }
        waiters.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
