import { SpanKind as SPAN_KIND } from '@sightline/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.js';
import { type ChildService, startChildService } from './child-service.js';

// A child process: the OpenTelemetry Node SDK registers itself globally, as it does in the app.
describe('a service already running the OpenTelemetry Node SDK adds Sightline', () => {
  let appReceiver: OtlpReceiver;
  let sightlineReceiver: OtlpReceiver;
  let service: ChildService | undefined;

  beforeAll(async () => {
    [appReceiver, sightlineReceiver] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
    service = await startChildService('otel-sdk-service.ts', {
      FIXTURE_TRACES_ENDPOINT: sightlineReceiver.tracesUrl,
      // The app's OpenTelemetry configuration, the standard way.
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: appReceiver.tracesUrl,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all([appReceiver?.close(), sightlineReceiver?.close()]);
  });

  it("keeps the app's tracer provider as the one global provider", async () => {
    const providers = await service!.waitForLog((line) => line.fixture === 'providers', 'about the providers');
    expect(providers).toEqual({ fixture: 'providers', globalIsNodeSdkProvider: true, sameProviderAfterSightline: true });
  });

  it("sends Sightline's server span through the app's provider and exporter, with the app's spans as its children", async () => {
    const response = await fetch(`${service!.url}/hello`);
    expect(await response.text()).toBe('hello');
    const spans = await appReceiver.waitFor((all) => all.length >= 2);
    const server = spans.find((span) => span.kind === SPAN_KIND.SERVER) as ReceivedSpan;
    const appSpan = spans.find((span) => span.name === 'app work') as ReceivedSpan;
    // The app's resource (NodeSDK's serviceName) and the app's exporter (upstream's user agent).
    expect(server).toMatchObject({ name: 'GET /hello', scope: { name: '@sightline/sdk' } });
    expect(server.resource['service.name']).toBe('app-with-otel-sdk');
    expect(String(appReceiver.requestHeaders[0]?.['user-agent'])).toMatch(/^OTel-OTLP-Exporter-JavaScript\//);
    expect(appSpan.traceId).toBe(server.traceId);
    expect(appSpan.parentSpanId).toBe(server.spanId);

    // Log lines and the access line correlate with the app's trace.
    const working = await service!.waitForLog((line) => line.msg === 'working', 'from the handler');
    expect(working).toMatchObject({ trace_id: server.traceId, span_id: appSpan.spanId, active_span_id: appSpan.spanId });
    const access = await service!.waitForLog((line) => line.msg === 'request completed', 'for the request');
    expect(access).toMatchObject({ trace_id: server.traceId, span_id: server.spanId, route: '/hello' });

    // Sightline installed no exporter of its own.
    expect(sightlineReceiver.requestCount).toBe(0);
  });
});
