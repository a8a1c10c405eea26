import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeLogsRequest, type LogRecord, type Resource } from '@sightline/otlp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createObserver, type Observer } from '../../src/index.js';
import { eventually } from '../../src/testing/index.js';

/** A received record with the resource it was exported under. */
interface ReceivedRecord extends LogRecord {
  readonly resource: Resource;
}

interface LogsReceiver {
  readonly url: string;
  readonly records: ReceivedRecord[];
  /** The headers of each export request, in arrival order. */
  readonly requestHeaders: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A real OTLP/HTTP logs receiver on an ephemeral port, decoding with @sightline/otlp (what the console runs). */
async function startLogsReceiver(): Promise<LogsReceiver> {
  const records: ReceivedRecord[] = [];
  const requestHeaders: IncomingHttpHeaders[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url !== '/v1/logs' || req.headers['content-type'] !== 'application/x-protobuf') return res.writeHead(404).end();
    requestHeaders.push(req.headers);
    const decoded = decodeLogsRequest(Buffer.concat(chunks), 'protobuf');
    for (const { resource, scopeLogs } of decoded.resourceLogs) {
      for (const { logRecords } of scopeLogs) for (const record of logRecords) records.push({ ...record, resource });
    }
    res.writeHead(decoded.rejected === 0 ? 200 : 400, { 'content-type': 'application/x-protobuf' }).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    requestHeaders,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('OTLP log export', () => {
  const stdoutLines: string[] = [];
  let receiver: LogsReceiver;
  let observer: Observer;

  beforeAll(async () => {
    receiver = await startLogsReceiver();
    observer = createObserver({
      serviceName: 'log-exporter',
      env: {},
      registerGlobal: false,
      trace: { sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces', exportTimeoutMs: 200 },
      log: {
        otlp: { enabled: true, endpoint: `${receiver.url}/v1/logs` },
        destinations: [{ stream: { write: (line: string) => stdoutLines.push(line) } }],
        sampling: false,
      },
      metrics: { defaultMetrics: false },
      shutdownTimeoutMs: 2000,
    });
  });

  afterAll(async () => {
    await observer.shutdown();
    await receiver.close();
  });

  it('sends log lines as OTLP records with severity, body, attributes, resource and trace context', async () => {
    const secret = 'otlp-secret-value';
    const traceId = observer.span('work', (span) => {
      observer.logger.warn({ order_id: 42, password: secret, nested: { ok: true } }, 'payment slow');
      return span.spanContext().traceId;
    });
    observer.logger.info('outside any span');

    const record = await eventually(() => receiver.records.find((r) => r.body === 'payment slow'), 'exported record', 10_000);
    expect(record.severityNumber).toBe(13);
    expect(record.severityText).toBe('WARN');
    expect(record.attributes).toMatchObject({ order_id: 42, service: 'log-exporter', nested: '{"ok":true}' });
    expect(record.attributes.password).toBe('[REDACTED]');
    expect(record.traceId).toBe(traceId);
    expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(record.flags).toBe(1);
    expect(record.resource.attributes['service.name']).toBe('log-exporter');
    expect(record.timeUnixNano).toBeGreaterThan(0n);
    expect(record.observedTimeUnixNano).toBeGreaterThanOrEqual(record.timeUnixNano);

    const plain = await eventually(() => receiver.records.find((r) => r.body === 'outside any span'), 'second record', 10_000);
    expect(plain.severityNumber).toBe(9);
    expect(plain.traceId).toBeUndefined();
    // The same lines still reach the ordinary destination.
    expect(stdoutLines.some((line) => line.includes('payment slow'))).toBe(true);
    expect(JSON.stringify(receiver.records, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(secret);
  });
});

describe('OTLP log export configuration', () => {
  const processEnv = process.env;
  let receiver: LogsReceiver;

  beforeAll(async () => {
    receiver = await startLogsReceiver();
  });

  afterEach(() => {
    process.env = processEnv;
  });

  afterAll(() => receiver.close());

  it('sends the headers of OTEL_EXPORTER_OTLP_LOGS_HEADERS given in the env option, and reads no export setting from process.env', async () => {
    // What the process environment says must not count: the observer was given its own `env`.
    const reads = new Set<string>();
    process.env = new Proxy(
      { ...processEnv, OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-from-process-env=leaked', OTEL_EXPORTER_OTLP_HEADERS: 'x-general=leaked' },
      {
        get(target, key, receiverObject) {
          if (typeof key === 'string') reads.add(key);
          return Reflect.get(target, key, receiverObject);
        },
      },
    );
    // The proxy is what the process reads from now on (a read here is seen, then forgotten).
    expect(process.env.OTEL_EXPORTER_OTLP_LOGS_HEADERS).toBe('x-from-process-env=leaked');
    expect(reads.has('OTEL_EXPORTER_OTLP_LOGS_HEADERS')).toBe(true);
    reads.clear();
    const observer = createObserver({
      env: {
        OTEL_SERVICE_NAME: 'env-headers',
        SIGHTLINE_LOG_OTLP: 'true',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/v1/logs`,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-general=from-env-option',
        OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-tenant=acme,authorization=Bearer%20logs-token',
        OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '2000',
        OTEL_TRACES_EXPORTER: 'none',
      },
      registerGlobal: false,
      log: { destinations: [{ stream: { write: () => {} } }], sampling: false },
      metrics: { defaultMetrics: false },
    });
    try {
      observer.logger.info('configured from the env option');
      await eventually(() => receiver.records.find((r) => r.body === 'configured from the env option'), 'exported record', 10_000);
    } finally {
      await observer.shutdown();
    }
    const headers = receiver.requestHeaders.at(-1);
    expect(headers?.['x-tenant']).toBe('acme');
    expect(headers?.authorization).toBe('Bearer logs-token');
    // The logs-specific variable replaces the general one, as for traces.
    expect(headers?.['x-general']).toBeUndefined();
    expect(headers?.['x-from-process-env']).toBeUndefined();
    const exportSettings = [...reads].filter((key) => /^OTEL_(EXPORTER_OTLP|BLRP|LOGRECORD|ATTRIBUTE)_/.test(key));
    expect(exportSettings).toEqual([]);
  });
});
