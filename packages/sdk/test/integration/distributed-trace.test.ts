import { SpanKind as SPAN_KIND, StatusCode as STATUS_CODE } from '@sightline/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.js';
import { type ChildService, type ExitStatus, type LogLine, startChildService } from './child-service.js';

/** Pre-1.0 HTTP semconv names, which stable-convention spans must not carry. */
const LEGACY_HTTP_ATTRIBUTES = ['http.method', 'http.status_code', 'http.target', 'http.url', 'http.scheme', 'net.peer.name'];

interface RequestSpans {
  readonly frontendServer: ReceivedSpan;
  readonly frontendClient: ReceivedSpan;
  readonly backendServer: ReceivedSpan;
}

const serviceOf = (span: ReceivedSpan) => span.resource['service.name'];

/** The three spans of one /call request, found by trace id (or any trace when undefined). */
function requestSpans(spans: readonly ReceivedSpan[], traceId?: string): RequestSpans | undefined {
  const mine = (span: ReceivedSpan) => traceId === undefined || span.traceId === traceId;
  const frontendServer = spans.find((s) => mine(s) && serviceOf(s) === 'frontend' && s.kind === SPAN_KIND.SERVER);
  if (frontendServer === undefined) return undefined;
  const sameTrace = (s: ReceivedSpan) => s.traceId === frontendServer.traceId;
  const frontendClient = spans.find((s) => sameTrace(s) && serviceOf(s) === 'frontend' && s.kind === SPAN_KIND.CLIENT);
  const backendServer = spans.find((s) => sameTrace(s) && serviceOf(s) === 'backend' && s.kind === SPAN_KIND.SERVER);
  if (frontendClient === undefined || backendServer === undefined) return undefined;
  return { frontendServer, frontendClient, backendServer };
}

describe('a request across two real services', () => {
  let receiver: OtlpReceiver;
  let backend: ChildService | undefined;
  let frontend: ChildService | undefined;
  let traceId = '';
  let spans: RequestSpans;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    backend = await startChildService('backend-service.ts', { FIXTURE_TRACES_ENDPOINT: receiver.tracesUrl });
    frontend = await startChildService('frontend-service.ts', {
      FIXTURE_TRACES_ENDPOINT: receiver.tracesUrl,
      FIXTURE_BACKEND_URL: backend.url,
    });
  });

  afterAll(async () => {
    // stop() is idempotent and escalates to SIGKILL, so this cleans up after any failure.
    await Promise.all([frontend?.stop(), backend?.stop()]);
    await receiver?.close();
  });

  it('answers through the backend', async () => {
    const response = await fetch(`${frontend!.url}/call`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ backend: { id: '42', done: true } });
  });

  it('exports spans from both services, each under its own service.name', async () => {
    const received = await receiver.waitFor((all) => requestSpans(all) !== undefined);
    spans = requestSpans(received) as RequestSpans;
    traceId = spans.frontendServer.traceId;
    expect(new Set(received.map(serviceOf))).toEqual(new Set(['frontend', 'backend']));
    expect(spans.backendServer.resource).toMatchObject({ 'service.name': 'backend', 'telemetry.sdk.language': 'nodejs' });
    expect(receiver.rejected).toEqual([]);
  });

  it('joins frontend server → frontend client → backend server into one trace', () => {
    const { frontendServer, frontendClient, backendServer } = spans;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(frontendClient.traceId).toBe(traceId);
    expect(backendServer.traceId).toBe(traceId);
    expect(frontendServer.parentSpanId).toBeUndefined();
    expect(frontendClient.parentSpanId).toBe(frontendServer.spanId);
    expect(backendServer.parentSpanId).toBe(frontendClient.spanId);
    // The backend span lies inside the client call that caused it. Durations come from each
    // process's monotonic clock and compare exactly; absolute times do not: OpenTelemetry JS
    // stamps spans with performance.timeOrigin + performance.now(), and each process fixes its
    // own timeOrigin at start, so two processes disagree by up to a few milliseconds (CI saw 1.4 ms).
    const duration = (span: typeof backendServer) => span.endTimeUnixNano - span.startTimeUnixNano;
    expect(duration(backendServer)).toBeLessThanOrEqual(duration(frontendClient));
    const skew = 50_000_000n; // 50 ms in ns
    expect(backendServer.startTimeUnixNano).toBeGreaterThanOrEqual(frontendClient.startTimeUnixNano - skew);
    expect(backendServer.endTimeUnixNano).toBeLessThanOrEqual(frontendClient.endTimeUnixNano + skew);
  });

  it('names server spans by route template and uses stable HTTP semantic conventions', () => {
    const { frontendServer, frontendClient, backendServer } = spans;
    expect(frontendServer.name).toBe('GET /call');
    expect(backendServer.name).toBe('GET /work/:id');
    expect(frontendClient.name).toBe('GET');
    expect(backendServer.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/work/:id',
      'http.response.status_code': 200,
      'url.path': '/work/42',
    });
    expect(frontendServer.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/call',
      'http.response.status_code': 200,
    });
    expect(frontendClient.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'url.full': `${backend!.url}/work/42`,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(backend!.url).port),
    });
    for (const span of [frontendServer, frontendClient, backendServer]) {
      expect(span.status.code).toBe(STATUS_CODE.UNSET);
      for (const legacy of LEGACY_HTTP_ATTRIBUTES) expect(span.attributes).not.toHaveProperty([legacy]);
    }
  });

  it("writes the request's log lines in both processes with the same trace_id", async () => {
    const ofTrace = (message: string) => (line: LogLine) => line.trace_id === traceId && line.msg === message;
    const [calling, frontendAccess] = await Promise.all([
      frontend!.waitForLog(ofTrace('calling backend'), 'calling backend'),
      frontend!.waitForLog(ofTrace('request completed'), 'access line of /call'),
    ]);
    const [working, backendAccess] = await Promise.all([
      backend!.waitForLog(ofTrace('doing work'), 'doing work'),
      backend!.waitForLog(ofTrace('request completed'), 'access line of /work/42'),
    ]);
    expect(calling).toMatchObject({ service: 'frontend', span_id: spans.frontendServer.spanId });
    expect(frontendAccess).toMatchObject({ service: 'frontend', route: '/call', status: 200, span_id: spans.frontendServer.spanId });
    expect(working).toMatchObject({ service: 'backend', work_id: '42', span_id: spans.backendServer.spanId });
    expect(backendAccess).toMatchObject({ service: 'backend', route: '/work/:id', path: '/work/42', span_id: spans.backendServer.spanId });
  });

  it('flushes spans and log lines on SIGTERM and exits 0', async () => {
    const before = new Set(receiver.spans.map((span) => span.traceId));
    const response = await fetch(`${frontend!.url}/call`);
    expect(response.status).toBe(200);
    const statuses: ExitStatus[] = await Promise.all([frontend!.stop(), backend!.stop()]);
    expect(statuses).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    // No waiting after exit: shutdown() must already have exported the last request.
    const last = receiver.spans.find((span) => !before.has(span.traceId) && serviceOf(span) === 'frontend');
    const lastSpans = last === undefined ? undefined : requestSpans(receiver.spans, last.traceId);
    expect(lastSpans).toBeDefined();
    const lastTrace = lastSpans!.frontendServer.traceId;
    expect(frontend!.logs.some((line) => line.trace_id === lastTrace && line.route === '/call')).toBe(true);
    expect(backend!.logs.some((line) => line.trace_id === lastTrace && line.route === '/work/:id')).toBe(true);
  });
});
