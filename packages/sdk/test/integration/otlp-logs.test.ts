import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserver, type Observer } from '../../src/index.js';
import { eventually } from '../../src/testing/index.js';
import { type DecodedLogRecord, decodeExportLogsServiceRequest } from '../support/otlp-decode-logs.js';

describe('OTLP log export', () => {
  const received: DecodedLogRecord[] = [];
  const stdoutLines: string[] = [];
  let receiver: Server;
  let observer: Observer;

  beforeAll(async () => {
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.url === '/v1/logs' && req.headers['content-type'] === 'application/x-protobuf') {
        received.push(...decodeExportLogsServiceRequest(Buffer.concat(chunks)));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const { port } = receiver.address() as AddressInfo;
    observer = createObserver({
      serviceName: 'log-exporter',
      env: {},
      registerGlobal: false,
      trace: { sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces', exportTimeoutMs: 200 },
      log: {
        otlp: { enabled: true, endpoint: `http://127.0.0.1:${port}/v1/logs` },
        destinations: [{ stream: { write: (line: string) => stdoutLines.push(line) } }],
        sampling: false,
      },
      metrics: { defaultMetrics: false },
      shutdownTimeoutMs: 2000,
    });
  });

  afterAll(async () => {
    await observer.shutdown();
    receiver.close();
  });

  it('sends log lines as OTLP records with severity, body, attributes, resource and trace context', async () => {
    const secret = 'otlp-secret-value';
    const traceId = observer.span('work', (span) => {
      observer.logger.warn({ order_id: 42, password: secret, nested: { ok: true } }, 'payment slow');
      return span.spanContext().traceId;
    });
    observer.logger.info('outside any span');

    const record = await eventually(() => received.find((r) => r.body === 'payment slow'), 'exported record', 10_000);
    expect(record.severityNumber).toBe(13);
    expect(record.severityText).toBe('WARN');
    expect(record.attributes).toMatchObject({ order_id: 42, service: 'log-exporter', nested: '{"ok":true}' });
    expect(record.attributes.password).toBe('[REDACTED]');
    expect(record.traceId).toBe(traceId);
    expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(record.resource['service.name']).toBe('log-exporter');
    expect(record.timeUnixNano).toBeGreaterThan(0n);

    const plain = await eventually(() => received.find((r) => r.body === 'outside any span'), 'second record', 10_000);
    expect(plain.severityNumber).toBe(9);
    expect(plain.traceId).toBe('');
    // The same lines still reach the ordinary destination.
    expect(stdoutLines.some((line) => line.includes('payment slow'))).toBe(true);
    expect(JSON.stringify(received, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(secret);
  });
});
