import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { decodeLogsRequest } from '@sightline/otlp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../testing/index.js';
import type { OtlpExportError } from '../trace/index.js';
import { createOtlpLogStream, type OtlpLogStream, type OtlpLogStreamOptions } from './otlp-log-stream.js';

const resource = resourceFromAttributes({ 'service.name': 'log-stream' });

/** A real receiver that counts the records of each request and answers `status`. */
async function startReceiver(status = 200): Promise<{ url: string; batches: number[]; bodies: string[]; server: Server }> {
  const batches: number[] = [];
  const bodies: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const decoded = decodeLogsRequest(Buffer.concat(chunks), 'protobuf');
    const records = decoded.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
    batches.push(records.length);
    for (const record of records) bodies.push(String(record.body));
    res.writeHead(status).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`, batches, bodies, server };
}

/** A stream to `endpoint` with the tests' defaults; `options` replaces any of them. */
const streamTo = (endpoint: string, options: Partial<OtlpLogStreamOptions> = {}): OtlpLogStream =>
  createOtlpLogStream({ endpoint, resource, timeoutMs: 2000, onQueueFull: () => {}, onExportError: () => {}, ...options });

const pinoLine = (i: number) => `${JSON.stringify({ level: 30, time: 1_764_633_600_000 + i, msg: `line ${i}`, i })}\n`;

describe('createOtlpLogStream', () => {
  let stream: OtlpLogStream | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    await stream?.shutdown(1000);
    server?.close();
  });

  it('sends waiting lines in requests of at most 512 records, skipping lines that are not JSON', async () => {
    const receiver = await startReceiver();
    server = receiver.server;
    const errors: OtlpExportError[] = [];
    stream = streamTo(receiver.url, { onExportError: (error) => errors.push(error) });
    for (let i = 0; i < 1200; i++) stream.stream.write(pinoLine(i));
    stream.stream.write('not json\n');
    await stream.flush();
    expect(receiver.batches).toEqual([512, 512, 176]);
    expect(errors).toEqual([]);
    expect(stream.droppedLines()).toBe(0);
  });

  it('sends waiting lines a second after the first of them, arming its timer only while lines wait', async () => {
    const receiver = await startReceiver();
    server = receiver.server;
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const armed = () => timers.mock.calls.filter(([, delay]) => delay === 1000).length;
      stream = streamTo(receiver.url);
      await new Promise((resolve) => setImmediate(resolve));
      expect(armed()).toBe(0);
      stream.stream.write(pinoLine(1));
      stream.stream.write(pinoLine(2));
      expect(armed()).toBe(1);
      const sentAt = performance.now();
      await eventually(() => receiver.batches.length > 0 || undefined, 'the timer sends the waiting lines', 5000);
      expect(receiver.batches).toEqual([2]);
      expect(performance.now() - sentAt).toBeGreaterThanOrEqual(990);
      expect(armed()).toBe(1);
    } finally {
      timers.mockRestore();
    }
  });

  it('drops the oldest lines past 10,000 waiting, counted, and reports them from the export loop, not from write()', async () => {
    const receiver = await startReceiver();
    server = receiver.server;
    const reported: number[] = [];
    stream = streamTo(receiver.url, { onQueueFull: (count) => reported.push(count) });
    for (let i = 0; i < 10_300; i++) stream.stream.write(pinoLine(i));
    expect(reported).toEqual([]);
    expect(stream.droppedLines()).toBe(300);
    await stream.flush();
    expect(reported).toEqual([300]);
    expect(receiver.bodies).toHaveLength(10_000);
    expect(receiver.bodies[0]).toBe('line 300');
    expect(receiver.bodies.at(-1)).toBe('line 10299');
  });

  it('counts the records of a rejected export as dropped and reports the error', async () => {
    const receiver = await startReceiver(400);
    server = receiver.server;
    const errors: OtlpExportError[] = [];
    stream = streamTo(receiver.url, { onExportError: (error) => errors.push(error) });
    for (let i = 0; i < 3; i++) stream.stream.write(pinoLine(i));
    await stream.flush();
    expect(errors.map((error) => [error.status, error.items])).toEqual([[400, 3]]);
    expect(stream.droppedLines()).toBe(3);
  });

  it('refuses, at setup, a header that cannot be sent, naming the log option', () => {
    const create = () => streamTo('http://127.0.0.1:9/v1/logs', { headers: { 'bad header': 'x' } });
    expect(create).toThrow('log.otlp.headers["bad header"] cannot be sent as an HTTP header');
  });

  it('reports what the shutdown flush could not deliver to an unreachable collector', async () => {
    const receiver = await startReceiver();
    await new Promise((resolve) => receiver.server.close(resolve));
    stream = streamTo(receiver.url);
    for (let i = 0; i < 5; i++) stream.stream.write(pinoLine(i));
    await stream.shutdown(500);
    expect(stream.undelivered()).toMatchObject({ count: 5, endpoint: receiver.url });
    stream.stream.write(pinoLine(6));
    expect(stream.droppedLines()).toBe(5);
  });
});
